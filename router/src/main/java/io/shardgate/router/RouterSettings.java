package io.shardgate.router;

import io.netty.handler.ssl.SslContext;
import io.shardgate.router.auth.AuthConfig;
import io.shardgate.router.auth.AuthConfigParser;
import io.shardgate.router.backend.PoolConfig;
import io.shardgate.router.limits.LimitsConfig;
import io.shardgate.router.tls.BackendTls;
import io.shardgate.router.tls.TlsConfig;
import io.shardgate.router.tls.TlsConfigParser;
import io.shardgate.router.tls.TlsContexts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.shardgate.router.tx.TransactionsConfig;
import java.util.Optional;

/**
 * The router's own settings beside the topology: client authentication, TLS (to clients and to nodes),
 * the backend pool, limits (idle timeouts, shutdown drain), the message size limit and transactions.
 */
public record RouterSettings(AuthConfig auth, TlsConfig tls, Optional<SslContext> serverTls, BackendTls backendTls,
                             PoolConfig pool, LimitsConfig limits, int maxMessageLength,
                             TransactionsConfig transactions) {
  /** Default maximum message a client may send: 64 MiB (PostgreSQL's own cap is 1 GiB). */
  public static final int DEFAULT_MAX_MESSAGE = 64 << 20;
  /** Trust authentication, no TLS: the demo's and the tests' default. */
  public static final RouterSettings DEFAULT = new RouterSettings(AuthConfig.TRUST, TlsConfig.DISABLED, Optional.empty(),
      BackendTls.DISABLED, PoolConfig.DEFAULT, LimitsConfig.DEFAULT, DEFAULT_MAX_MESSAGE, TransactionsConfig.DEFAULT);

  /** Reads the `auth`, `tls`, `pool` and `limits` sections of a config file (the same file as the topology). */
  public static RouterSettings load(Path configFile) {
    TlsConfig tls = TlsConfigParser.load(configFile);
    String yaml;
    try {
      yaml = Files.readString(configFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RouterSettings(AuthConfigParser.load(configFile), tls, TlsContexts.server(tls), BackendTls.of(tls),
        PoolConfig.parse(yaml), LimitsConfig.parse(yaml), DEFAULT_MAX_MESSAGE, TransactionsConfig.parse(yaml));
  }

  /** The same settings with another maximum message length. */
  public RouterSettings withMaxMessageLength(int max) {
    return new RouterSettings(auth, tls, serverTls, backendTls, pool, limits, max, transactions);
  }

  /** The same settings with other pool settings. */
  public RouterSettings withPool(PoolConfig pool) {
    return new RouterSettings(auth, tls, serverTls, backendTls, pool, limits, maxMessageLength, transactions);
  }

  /** The same settings with other limits. */
  public RouterSettings withLimits(LimitsConfig limits) {
    return new RouterSettings(auth, tls, serverTls, backendTls, pool, limits, maxMessageLength, transactions);
  }

  /** The same settings with other transaction settings. */
  public RouterSettings withTransactions(TransactionsConfig transactions) {
    return new RouterSettings(auth, tls, serverTls, backendTls, pool, limits, maxMessageLength, transactions);
  }
}
