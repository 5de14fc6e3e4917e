package io.shardgate.router;

import io.netty.handler.ssl.SslContext;
import io.shardgate.router.auth.AuthConfig;
import io.shardgate.router.auth.AuthConfigParser;
import io.shardgate.router.backend.PoolConfig;
import io.shardgate.router.tls.TlsConfig;
import io.shardgate.router.tls.TlsConfigParser;
import io.shardgate.router.tls.TlsContexts;
import java.nio.file.Path;
import java.util.Optional;

/** The router's own settings beside the topology: client authentication, TLS, message size limit. */
public record RouterSettings(AuthConfig auth, TlsConfig tls, Optional<SslContext> serverTls, PoolConfig pool,
                             int maxMessageLength, io.shardgate.router.tx.TransactionsConfig transactions) {
  /** Default maximum message a client may send: 64 MiB (PostgreSQL's own cap is 1 GiB). */
  public static final int DEFAULT_MAX_MESSAGE = 64 << 20;
  /** Trust authentication, no TLS: the demo's and the tests' default. */
  public static final RouterSettings DEFAULT = new RouterSettings(AuthConfig.TRUST, TlsConfig.DISABLED, Optional.empty(),
      PoolConfig.DEFAULT, DEFAULT_MAX_MESSAGE,
      io.shardgate.router.tx.TransactionsConfig.DEFAULT);

  /** Reads the `auth` and `tls` sections of a config file (the same file as the topology). */
  public static RouterSettings load(Path configFile) {
    TlsConfig tls = TlsConfigParser.load(configFile);
    String yaml;
    try {
      yaml = java.nio.file.Files.readString(configFile);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new RouterSettings(AuthConfigParser.load(configFile), tls, TlsContexts.server(tls), PoolConfig.parse(yaml),
        DEFAULT_MAX_MESSAGE, io.shardgate.router.tx.TransactionsConfig.parse(yaml));
  }

  /** The same settings with another maximum message length. */
  public RouterSettings withMaxMessageLength(int max) {
    return new RouterSettings(auth, tls, serverTls, pool, max, transactions);
  }

  /** The same settings with other pool settings. */
  public RouterSettings withPool(PoolConfig pool) {
    return new RouterSettings(auth, tls, serverTls, pool, maxMessageLength, transactions);
  }

  /** The same settings with other transaction settings. */
  public RouterSettings withTransactions(io.shardgate.router.tx.TransactionsConfig transactions) {
    return new RouterSettings(auth, tls, serverTls, pool, maxMessageLength, transactions);
  }
}
