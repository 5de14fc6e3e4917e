package io.shardgate.router.tls;

import io.netty.handler.ssl.SslContext;
import java.util.Objects;
import java.util.Optional;

/** TLS to the nodes as configured: the mode (tls.backend_mode) and, unless disabled, the client context. */
public record BackendTls(BackendTlsMode mode, Optional<SslContext> context) {
  /** Plain text to every node. */
  public static final BackendTls DISABLED = new BackendTls(BackendTlsMode.DISABLED, Optional.empty());

  public BackendTls {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(context, "context");
    if (mode.usesTls() && context.isEmpty()) {
      throw new IllegalArgumentException("backend_mode " + mode.configName() + " needs a TLS context");
    }
  }

  /** Builds the context of the config's backend_mode (reading backend_root_cert for verify-ca and verify-full). */
  public static BackendTls of(TlsConfig config) {
    return config.backendMode().usesTls() ? new BackendTls(config.backendMode(), TlsContexts.backend(config)) : DISABLED;
  }
}
