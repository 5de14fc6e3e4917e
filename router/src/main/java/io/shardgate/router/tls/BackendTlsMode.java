package io.shardgate.router.tls;

/** Whether and how Shardgate uses TLS to the nodes, named after libpq's sslmode values. */
public enum BackendTlsMode {
  /** Plain text. */
  DISABLED("disabled"),
  /** TLS when the node offers it (answers 'S'), plain text when it answers 'N'; any certificate accepted. */
  PREFER("prefer"),
  /** TLS, any certificate accepted: protects against eavesdropping, not impersonation. */
  REQUIRE("require"),
  /** TLS, certificate chain checked against backend_root_cert, host name not checked. */
  VERIFY_CA("verify-ca"),
  /** TLS, chain checked against backend_root_cert and the node's host name against the certificate. */
  VERIFY_FULL("verify-full");

  private final String configName;

  BackendTlsMode(String configName) {
    this.configName = configName;
  }

  /** The name used in the config file. */
  public String configName() {
    return configName;
  }

  /** Whether connections to nodes start with an SSLRequest. */
  public boolean usesTls() {
    return this != DISABLED;
  }

  /** Whether a node that answers 'N' to the SSLRequest is refused (every mode but prefer and disabled). */
  public boolean requiresTls() {
    return this != DISABLED && this != PREFER;
  }

  /** Whether the node's certificate must chain to backend_root_cert. */
  public boolean verifiesCertificate() {
    return this == VERIFY_CA || this == VERIFY_FULL;
  }
}
