package io.shardgate.router.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the optional top-level {@code auth} section of the router's config file (the topology file):
 * <pre>
 * auth:
 *   method: scram-sha-256        # scram-sha-256 (default) | md5 | trust; no auth section means trust
 *   users:
 *     - name: app
 *       password: s3cret         # or scram_verifier: "SCRAM-SHA-256$4096:...", or md5_hash: "md5..."
 * </pre>
 * Errors are SqlErrors with SQLSTATE F0000 whose message names the problem and where it is.
 */
public final class AuthConfigParser {
  private static final Set<String> AUTH_KEYS = Set.of("method", "users");
  private static final Set<String> USER_KEYS = Set.of("name", "password", "scram_verifier", "md5_hash");

  private AuthConfigParser() {}

  /** Reads the auth section of the config file {@code file}. */
  public static AuthConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw AuthErrors.invalidConfig("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    return parse(text);
  }

  /** Reads the auth section of a YAML config document; {@link AuthConfig#TRUST} when there is none. */
  public static AuthConfig parse(String yaml) {
    ConfigSection auth = ConfigSection.topLevel(yaml, "auth").orElse(null);
    if (auth == null) {
      return AuthConfig.TRUST;
    }
    auth.onlyKeys(AUTH_KEYS);
    AuthMethod method;
    try {
      method = AuthMethod.parse(auth.optionalText("method").orElse(AuthMethod.SCRAM_SHA_256.configName()));
    } catch (IllegalArgumentException e) {
      throw auth.error(e.getMessage());
    }
    List<UserCredential> users = new ArrayList<>();
    for (ConfigSection item : auth.objects("users")) {
      users.add(user(item.onlyKeys(USER_KEYS)));
    }
    try {
      return AuthConfig.of(method, users);
    } catch (IllegalArgumentException e) {
      throw auth.error(e.getMessage());
    }
  }

  private static UserCredential user(ConfigSection item) {
    String name = item.optionalText("name").orElseThrow(() -> item.error("missing key name"));
    if (name.isEmpty()) {
      throw item.error("name is empty");
    }
    ConfigSection user = item.named("auth user \"" + name + "\"");
    String password = user.optionalText("password").orElse(null);
    String verifier = user.optionalText("scram_verifier").orElse(null);
    String md5 = user.optionalText("md5_hash").orElse(null);
    int given = (password == null ? 0 : 1) + (verifier == null ? 0 : 1) + (md5 == null ? 0 : 1);
    if (given == 0) {
      throw user.error("no credential: give one of password, scram_verifier, md5_hash");
    }
    if (given > 1) {
      throw user.error("give only one of password, scram_verifier, md5_hash");
    }
    if (password != null) {
      if (password.isEmpty()) {
        throw user.error("password is empty (PostgreSQL never accepts empty passwords)");
      }
      return UserCredential.ofPassword(name, password);
    }
    if (verifier != null) {
      try {
        return UserCredential.ofScramVerifier(name, ScramVerifier.parse(verifier));
      } catch (IllegalArgumentException e) {
        throw user.error("scram_verifier: " + e.getMessage());
      }
    }
    if (!Md5Auth.isStoredHash(md5)) {
      throw user.error("md5_hash is not \"md5\" followed by 32 hexadecimal digits, as pg_authid stores it");
    }
    return UserCredential.ofMd5Hash(name, md5);
  }
}
