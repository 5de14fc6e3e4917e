package io.shardgate.router.backend;

import io.shardgate.router.auth.ConfigSection;
import java.time.Duration;
import java.util.Set;

/**
 * Backend pool settings (the config's `pool` section): how many connections per shard schema and per
 * node, how long a client waits for one, and when idle or old connections are closed.
 */
public record PoolConfig(PoolMode mode, int maxPerShard, int maxPerNode, Duration acquireTimeout, Duration idleTimeout,
                         Duration maxLifetime) {
  /** transaction (default): a backend is held for one transaction; session: for the client's whole session. */
  public enum PoolMode { TRANSACTION, SESSION }

  public static final PoolConfig DEFAULT = new PoolConfig(PoolMode.TRANSACTION, 16, 90, Duration.ofSeconds(5),
      Duration.ofMinutes(10), Duration.ofHours(1));
  private static final Set<String> KEYS = Set.of("mode", "max_per_shard", "max_per_node", "acquire_timeout_ms",
      "idle_timeout_s", "max_lifetime_s");

  public PoolConfig {
    if (maxPerShard < 1 || maxPerNode < 1) {
      throw new IllegalArgumentException("pool sizes must be at least 1");
    }
  }

  /** Reads the `pool` section of a YAML config document; defaults where absent. */
  public static PoolConfig parse(String yaml) {
    ConfigSection pool = ConfigSection.topLevel(yaml, "pool").orElse(null);
    if (pool == null) {
      return DEFAULT;
    }
    pool.onlyKeys(KEYS);
    PoolMode mode = switch (pool.optionalText("mode").orElse("transaction")) {
      case "transaction" -> PoolMode.TRANSACTION;
      case "session" -> PoolMode.SESSION;
      default -> throw pool.error("mode must be transaction or session");
    };
    try {
      return new PoolConfig(mode,
          number(pool, "max_per_shard", DEFAULT.maxPerShard()),
          number(pool, "max_per_node", DEFAULT.maxPerNode()),
          Duration.ofMillis(number(pool, "acquire_timeout_ms", (int) DEFAULT.acquireTimeout().toMillis())),
          Duration.ofSeconds(number(pool, "idle_timeout_s", (int) DEFAULT.idleTimeout().toSeconds())),
          Duration.ofSeconds(number(pool, "max_lifetime_s", (int) DEFAULT.maxLifetime().toSeconds())));
    } catch (IllegalArgumentException e) {
      throw pool.error(e.getMessage());
    }
  }

  private static int number(ConfigSection section, String key, int fallback) {
    String text = section.optionalText(key).orElse(null);
    if (text == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw section.error(key + " must be a whole number, got \"" + text + "\"");
    }
  }
}
