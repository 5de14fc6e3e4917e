package io.shardgate.router.tls;

/** Whether clients may or must connect to Shardgate over TLS. */
public enum TlsMode {
  /** SSLRequest is answered 'N'. */
  DISABLED("disabled"),
  /** SSLRequest is answered 'S'; clients may also connect in plain text. */
  OPTIONAL("optional"),
  /** SSLRequest is answered 'S'; a plain-text StartupMessage is refused. */
  REQUIRED("required");

  private final String configName;

  TlsMode(String configName) {
    this.configName = configName;
  }

  /** The name used in the config file. */
  public String configName() {
    return configName;
  }

  /** Whether an SSLRequest gets 'S'. */
  public boolean acceptsTls() {
    return this != DISABLED;
  }
}
