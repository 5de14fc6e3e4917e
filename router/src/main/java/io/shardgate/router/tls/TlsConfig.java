package io.shardgate.router.tls;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The tls section of the config: TLS for clients (server certificate and key, PEM) and for connections
 * to nodes (mode and root certificate, PEM).
 */
public record TlsConfig(TlsMode mode, Optional<Path> cert, Optional<Path> key, BackendTlsMode backendMode,
    Optional<Path> backendRootCert) {
  /** No tls section: plain text both ways. */
  public static final TlsConfig DISABLED =
      new TlsConfig(TlsMode.DISABLED, Optional.empty(), Optional.empty(), BackendTlsMode.DISABLED, Optional.empty());

  /** Throws IllegalArgumentException when a mode lacks the files it needs. */
  public TlsConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(cert, "cert");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(backendMode, "backendMode");
    Objects.requireNonNull(backendRootCert, "backendRootCert");
    if (mode.acceptsTls() && (cert.isEmpty() || key.isEmpty())) {
      throw new IllegalArgumentException("mode " + mode.configName() + " needs both cert and key (PEM files)");
    }
    if (backendMode.verifiesCertificate() && backendRootCert.isEmpty()) {
      throw new IllegalArgumentException("backend_mode " + backendMode.configName()
          + " needs backend_root_cert (PEM file of the CA that signed the nodes' certificates)");
    }
  }
}
