package io.shardgate.router.auth;

import io.shardgate.router.errors.Errors;
import io.shardgate.router.errors.SqlError;

/** The errors of client authentication, of logging in to nodes, and of the auth and tls config sections. */
public final class AuthErrors {
  /** invalid_password: every failed login, whatever the reason, so that failures reveal nothing. */
  public static final String INVALID_PASSWORD = "28P01";
  /** config_file_error: the auth or tls section of the config file is invalid. */
  public static final String CONFIG_FILE_ERROR = "F0000";

  private AuthErrors() {}

  /** A failed login, worded exactly as PostgreSQL words it; the same for unknown users and wrong passwords. */
  public static SqlError passwordFailed(String user) {
    return new SqlError(INVALID_PASSWORD, "password authentication failed for user \"" + user + "\"", null, null);
  }

  /** A SCRAM message that does not follow RFC 5802, with {@code detail} saying what is wrong. */
  public static SqlError malformedScram(String detail) {
    return new SqlError(Errors.PROTOCOL_VIOLATION, "malformed SCRAM message", detail, null);
  }

  /** The client sent channel-binding data (gs2 flag "p"), which Shardgate never offers. */
  public static SqlError channelBindingUnsupported() {
    return new SqlError(Errors.PROTOCOL_VIOLATION, "SCRAM channel binding is not supported",
        "The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message includes channel binding data.",
        "Connect with channel_binding=prefer or channel_binding=disable.");
  }

  /** The client-first-message names an authorization identity (gs2 "a=..."). */
  public static SqlError authzidUnsupported() {
    return new SqlError(Errors.FEATURE_NOT_SUPPORTED, "client uses authorization identity, but it is not supported",
        null, null);
  }

  /** The client-first-message demands an extension ("m=..."). */
  public static SqlError scramExtensionUnsupported() {
    return new SqlError(Errors.FEATURE_NOT_SUPPORTED, "client requires an unsupported SCRAM extension", null, null);
  }

  /** The client-final-message answers with another nonce than the one of this exchange. */
  public static SqlError scramNonceMismatch() {
    return new SqlError(Errors.PROTOCOL_VIOLATION, "invalid SCRAM response", "Nonce does not match.", null);
  }

  /** The client picked a SASL mechanism that was not offered. */
  public static SqlError invalidSaslMechanism(String mechanism) {
    return new SqlError(Errors.PROTOCOL_VIOLATION, "client selected an invalid SASL authentication mechanism",
        "Mechanism \"" + mechanism + "\" was not offered; Shardgate offers SCRAM-SHA-256.", null);
  }

  /** A password or SASL message whose body does not have the expected layout, or arrives out of turn. */
  public static SqlError malformedAuthMessage(String detail) {
    return new SqlError(Errors.PROTOCOL_VIOLATION, "invalid authentication message", detail, null);
  }

  /** A node's SCRAM messages are malformed or do not match this exchange (when Shardgate logs in to a node). */
  public static SqlError malformedServerScram(String detail) {
    return new SqlError(Errors.PROTOCOL_VIOLATION, "malformed SCRAM message from the server", detail, null);
  }

  /** A node failed to prove that it knows the password: it may not be the server it claims to be. */
  public static SqlError serverSignatureMismatch() {
    return new SqlError(Errors.INVALID_AUTHORIZATION, "incorrect server signature in SCRAM exchange",
        "The server could not prove that it knows the password's SCRAM secret.",
        "Check that Shardgate connects to the intended server and that the password is right.");
  }

  /** A node ended the SCRAM exchange with an error attribute ("e=..."). */
  public static SqlError serverRejectedScram(String serverError) {
    return new SqlError(Errors.INVALID_AUTHORIZATION, "the server rejected the SCRAM exchange: " + serverError,
        null, null);
  }

  /** A client connected without TLS while tls.mode is required. */
  public static SqlError tlsRequired() {
    return new SqlError(Errors.INVALID_AUTHORIZATION, "this server accepts only TLS connections",
        "tls.mode is required in Shardgate's configuration.", "Connect with sslmode=require or stricter.");
  }

  /** An invalid auth or tls section of the config file; {@code message} names the problem. */
  public static SqlError invalidConfig(String message) {
    return new SqlError(CONFIG_FILE_ERROR, message, null, null);
  }

  /** An invalid auth or tls section of the config file, with its cause. */
  public static SqlError invalidConfig(String message, Throwable cause) {
    SqlError error = invalidConfig(message);
    error.initCause(cause);
    return error;
  }
}
