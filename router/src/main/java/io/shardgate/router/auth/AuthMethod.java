package io.shardgate.router.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How clients prove who they are, named as in pg_hba.conf. */
public enum AuthMethod {
  /** Everyone is let in as the user they name. */
  TRUST("trust"),
  /** md5 password challenge (weak, for old clients). */
  MD5("md5"),
  /** SCRAM-SHA-256 over SASL. */
  SCRAM_SHA_256("scram-sha-256");

  private final String configName;

  AuthMethod(String configName) {
    this.configName = configName;
  }

  /** The name used in the config file. */
  public String configName() {
    return configName;
  }

  /** Reads a config name (case-insensitive); throws IllegalArgumentException listing the valid ones. */
  public static AuthMethod parse(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(m -> m.configName.equals(wanted)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown method \"" + name + "\" (allowed: "
            + Arrays.stream(values()).map(AuthMethod::configName).collect(Collectors.joining(", ")) + ")"));
  }
}
