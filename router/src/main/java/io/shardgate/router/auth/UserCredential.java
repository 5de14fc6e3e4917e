package io.shardgate.router.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * What Shardgate knows about one user's password: a SCRAM verifier, an md5 hash, or both (when the config
 * gave the password itself, both are derived from it and the password is not kept).
 */
public record UserCredential(String name, Optional<ScramVerifier> scramVerifier, Optional<String> md5Hash) {
  public UserCredential {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(scramVerifier, "scramVerifier");
    Objects.requireNonNull(md5Hash, "md5Hash");
    if (scramVerifier.isEmpty() && md5Hash.isEmpty()) {
      throw new IllegalArgumentException("user \"" + name + "\" has no credential");
    }
    md5Hash.ifPresent(h -> {
      if (!Md5Auth.isStoredHash(h)) {
        throw new IllegalArgumentException("md5_hash of user \"" + name
            + "\" is not \"md5\" followed by 32 hexadecimal digits");
      }
    });
  }

  /** A user known by password: derives a SCRAM verifier (random salt, 4096 iterations) and the md5 hash. */
  public static UserCredential ofPassword(String name, String password) {
    return new UserCredential(name, Optional.of(ScramVerifier.fromPassword(password)),
        Optional.of(Md5Auth.storedHash(name, password)));
  }

  /** A user known by a pg_authid SCRAM verifier only. */
  public static UserCredential ofScramVerifier(String name, ScramVerifier verifier) {
    return new UserCredential(name, Optional.of(verifier), Optional.empty());
  }

  /** A user known by a pg_authid md5 hash only (which is salted with {@code name}). */
  public static UserCredential ofMd5Hash(String name, String md5Hash) {
    return new UserCredential(name, Optional.empty(), Optional.of(md5Hash));
  }

  /** Whether this credential can check a login by {@code method}. */
  public boolean supports(AuthMethod method) {
    return switch (method) {
      case TRUST -> true;
      case MD5 -> md5Hash.isPresent();
      case SCRAM_SHA_256 -> scramVerifier.isPresent();
    };
  }

  @Override
  public String toString() {
    return "UserCredential[" + name + (scramVerifier.isPresent() ? ", scram" : "") + (md5Hash.isPresent() ? ", md5" : "")
        + "]";
  }
}
