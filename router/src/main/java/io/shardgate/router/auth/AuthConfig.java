package io.shardgate.router.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The auth section of the config: the method clients must use and the users that may log in. */
public record AuthConfig(AuthMethod method, Map<String, UserCredential> users) {
  /** No auth section: every client is trusted. */
  public static final AuthConfig TRUST = new AuthConfig(AuthMethod.TRUST, Map.of());

  /**
   * Throws IllegalArgumentException when a user's credential cannot check {@code method} (an md5 login
   * cannot be checked against a SCRAM verifier, nor SCRAM against an md5 hash) or a password method has
   * no users.
   */
  public AuthConfig {
    Objects.requireNonNull(method, "method");
    users = Map.copyOf(users);
    if (method != AuthMethod.TRUST && users.isEmpty()) {
      throw new IllegalArgumentException("method " + method.configName() + " needs at least one user in users");
    }
    for (Map.Entry<String, UserCredential> e : users.entrySet()) {
      if (!e.getKey().equals(e.getValue().name())) {
        throw new IllegalArgumentException("user \"" + e.getValue().name() + "\" is listed as \"" + e.getKey() + "\"");
      }
      if (!e.getValue().supports(method)) {
        throw new IllegalArgumentException(method == AuthMethod.MD5
            ? "user \"" + e.getKey() + "\" has only a scram_verifier, which cannot check md5 logins: "
                + "give its password (or an md5_hash), or use method scram-sha-256"
            : "user \"" + e.getKey() + "\" has only an md5_hash, which cannot check SCRAM logins: "
                + "give its password (or a scram_verifier), or use method md5");
      }
    }
  }

  /** A config with {@code users} in order; duplicate names are an IllegalArgumentException. */
  public static AuthConfig of(AuthMethod method, List<UserCredential> users) {
    Map<String, UserCredential> byName = new LinkedHashMap<>();
    for (UserCredential u : users) {
      if (byName.putIfAbsent(u.name(), u) != null) {
        throw new IllegalArgumentException("user \"" + u.name() + "\" is listed twice");
      }
    }
    return new AuthConfig(method, byName);
  }

  /** The credential of {@code name}, if that user is configured. */
  public Optional<UserCredential> user(String name) {
    return Optional.ofNullable(users.get(name));
  }
}
