package io.shardgate.router.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.shardgate.router.auth.AuthErrors;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Builds Netty SslContexts from the tls config, with the JDK provider and TLS 1.2 or 1.3 (PostgreSQL's
 * default minimum is 1.2). Build them once at startup and share them: an SslContext is thread-safe.
 *
 * <p>PostgreSQL negotiates TLS in-band: after the client's SSLRequest and the server's 'S', the first
 * handler of the pipeline becomes {@code context.newHandler(...)} and the handshake starts.
 */
public final class TlsContexts {
  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private TlsContexts() {}

  /** The context for accepting clients, or empty when tls.mode is disabled. */
  public static Optional<SslContext> server(TlsConfig config) {
    if (!config.mode().acceptsTls()) {
      return Optional.empty();
    }
    return Optional.of(server(config.cert().orElseThrow(), config.key().orElseThrow()));
  }

  /**
   * A server context from a PEM certificate chain (leaf first) and a PEM private key (PKCS#8, or PKCS#1
   * for RSA, unencrypted), checked to belong together.
   */
  public static SslContext server(Path certFile, Path keyFile) {
    X509Certificate[] chain = PemFiles.certificates(certFile, "cert");
    PrivateKey key = PemFiles.privateKey(keyFile);
    PemFiles.checkKeyMatches(key, chain[0], keyFile, certFile);
    try {
      return SslContextBuilder.forServer(key, chain)
          .sslProvider(SslProvider.JDK)
          .protocols(PROTOCOLS)
          .build();
    } catch (SSLException | IllegalArgumentException e) {
      throw AuthErrors.invalidConfig("tls: cannot use certificate " + certFile + " with key " + keyFile + ": "
          + e.getMessage(), e);
    }
  }

  /** The context for connecting to nodes, or empty when tls.backend_mode is disabled. */
  public static Optional<SslContext> backend(TlsConfig config) {
    return backend(config.backendMode(), config.backendRootCert());
  }

  /**
   * A client context for {@code mode}: trusting any certificate for require; trusting the CA
   * certificates of {@code rootCert} for verify-ca; and checking the host name as well for verify-full,
   * for which the handler must come from {@link #backendHandler} (it needs the node's host name).
   */
  public static Optional<SslContext> backend(BackendTlsMode mode, Optional<Path> rootCert) {
    if (!mode.usesTls()) {
      return Optional.empty();
    }
    X509Certificate[] roots = null;
    if (mode.verifiesCertificate()) {
      Path root = rootCert.orElseThrow(() -> AuthErrors.invalidConfig(
          "tls: backend_mode " + mode.configName() + " needs backend_root_cert"));
      roots = PemFiles.certificates(root, "backend_root_cert");
    }
    try {
      SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols(PROTOCOLS);
      if (roots == null) {
        builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
      } else {
        builder.trustManager(roots);
      }
      if (mode == BackendTlsMode.VERIFY_FULL) {
        builder.endpointIdentificationAlgorithm("HTTPS");
      }
      return Optional.of(builder.build());
    } catch (SSLException | IllegalArgumentException e) {
      throw AuthErrors.invalidConfig("tls: cannot build the TLS context for nodes: " + e.getMessage(), e);
    }
  }

  /**
   * The handler to put first in a node connection's pipeline once the node answered 'S' to the
   * SSLRequest; {@code host} is the node's host name or address as configured, which verify-full
   * checks against the certificate's subject alternative names.
   */
  public static SslHandler backendHandler(SslContext context, ByteBufAllocator alloc, String host, int port) {
    return context.newHandler(alloc, host, port);
  }
}
