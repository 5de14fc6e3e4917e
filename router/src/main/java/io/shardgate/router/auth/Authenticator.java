package io.shardgate.router.auth;

import io.shardgate.pgwire.message.Authentication;
import io.shardgate.router.errors.SqlError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Authenticates one client connection: a state machine over the bodies of the client's 'p' messages,
 * with no I/O, for the session to drive from its Netty handler. {@link #start} gives the first step;
 * each {@link AuthStep.Challenge} is answered by one 'p' message passed to {@link #onPasswordMessage},
 * until a step is {@link AuthStep.Authenticated} or {@link AuthStep.Failed}.
 *
 * <p>Every failed login is the same 28P01 error, and an unknown user goes through the whole exchange
 * (PostgreSQL's mock authentication), so neither messages nor the number of round trips reveal which
 * users exist.
 */
public final class Authenticator {
  /** The one SASL mechanism offered; SCRAM-SHA-256-PLUS (channel binding) is not. */
  public static final String SCRAM_SHA_256 = "SCRAM-SHA-256";

  private enum State { NEW, AWAIT_MD5, AWAIT_SASL_INITIAL, AWAIT_SCRAM_FIRST, AWAIT_SCRAM_FINAL, DONE }

  private final AuthConfig config;
  private final String user;
  private State state = State.NEW;
  private Md5Auth md5;
  private ScramSha256Server scram;

  /** Authenticates {@code user}, the user named in the client's StartupMessage. */
  public Authenticator(AuthConfig config, String user) {
    this.config = Objects.requireNonNull(config, "config");
    this.user = Objects.requireNonNull(user, "user");
  }

  /** The first step: AuthenticationOk for trust, else the md5 or SASL challenge. */
  public AuthStep start() {
    if (state != State.NEW) {
      throw new IllegalStateException("authentication already started");
    }
    Optional<UserCredential> credential = config.user(user).filter(c -> c.supports(config.method()));
    switch (config.method()) {
      case TRUST -> {
        state = State.DONE;
        return new AuthStep.Authenticated(List.of(Authentication.AUTH_OK));
      }
      case MD5 -> {
        md5 = credential.map(c -> Md5Auth.forStoredHash(c.md5Hash().orElseThrow())).orElseGet(Md5Auth::mock);
        state = State.AWAIT_MD5;
        return new AuthStep.Challenge(Authentication.md5Password(md5.salt()));
      }
      case SCRAM_SHA_256 -> {
        scram = credential.map(c -> new ScramSha256Server(user, c.scramVerifier().orElseThrow()))
            .orElseGet(() -> ScramSha256Server.mock(user));
        state = State.AWAIT_SASL_INITIAL;
        return new AuthStep.Challenge(Authentication.sasl(List.of(SCRAM_SHA_256)));
      }
      default -> throw new IllegalStateException("unknown method " + config.method());
    }
  }

  /**
   * Takes the body (after type byte and length) of the client's 'p' message: a PasswordMessage for md5,
   * else a SASLInitialResponse, then SASLResponses.
   */
  public AuthStep onPasswordMessage(byte[] body) {
    Objects.requireNonNull(body, "body");
    State current = state;
    state = State.DONE;
    try {
      return switch (current) {
        case AWAIT_MD5 -> md5Response(body);
        case AWAIT_SASL_INITIAL -> saslInitialResponse(body);
        case AWAIT_SCRAM_FIRST -> scramFirst(body);
        case AWAIT_SCRAM_FINAL -> new AuthStep.Authenticated(
            List.of(Authentication.saslFinal(scram.finish(body)), Authentication.AUTH_OK));
        case NEW, DONE -> throw new IllegalStateException("not waiting for a password message (" + current + ")");
      };
    } catch (SqlError e) {
      return new AuthStep.Failed(e);
    }
  }

  /** Whether authentication has ended, successfully or not. */
  public boolean isDone() {
    return state == State.DONE;
  }

  private AuthStep md5Response(byte[] body) {
    if (body.length == 0 || body[body.length - 1] != 0) {
      throw AuthErrors.malformedAuthMessage("The password message is not a null-terminated string.");
    }
    for (int i = 0; i < body.length - 1; i++) {
      if (body[i] == 0) {
        throw AuthErrors.malformedAuthMessage("The password message has bytes after its string.");
      }
    }
    String response = new String(body, 0, body.length - 1, StandardCharsets.UTF_8);
    if (!md5.matches(response)) {
      throw AuthErrors.passwordFailed(user);
    }
    return new AuthStep.Authenticated(List.of(Authentication.AUTH_OK));
  }

  private AuthStep saslInitialResponse(byte[] body) {
    SaslInitialResponseBody initial = SaslInitialResponseBody.parse(body);
    if (!initial.mechanism().equals(SCRAM_SHA_256)) {
      throw AuthErrors.invalidSaslMechanism(initial.mechanism());
    }
    if (initial.data() == null) {
      // No initial response: ask for it with an empty challenge, as PostgreSQL does.
      state = State.AWAIT_SCRAM_FIRST;
      return new AuthStep.Challenge(Authentication.saslContinue(new byte[0]));
    }
    return scramFirst(initial.data());
  }

  private AuthStep scramFirst(byte[] clientFirst) {
    byte[] serverFirst = scram.start(clientFirst);
    state = State.AWAIT_SCRAM_FINAL;
    return new AuthStep.Challenge(Authentication.saslContinue(serverFirst));
  }
}
