package io.shardgate.router.limits;

import io.shardgate.router.auth.ConfigSection;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The config's {@code limits} section: how long a client may stay idle (outside and inside a
 * transaction) and how long a shutdown waits for running transactions. A zero duration turns a limit off.
 * <pre>
 * limits:
 *   client_idle_timeout: 10m           # 0 (default) = off; then FATAL 57P05
 *   idle_in_transaction_timeout: 1m    # 0 (default) = off; then FATAL 25P03, the transaction rolled back
 *   shutdown_drain: 30s                # how long close() waits for running transactions (default 30s)
 * </pre>
 */
public record LimitsConfig(Duration clientIdleTimeout, Duration idleInTransactionTimeout, Duration shutdownDrain,
                           Duration fanoutTimeout) {
  public static final LimitsConfig DEFAULT = new LimitsConfig(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(30),
      Duration.ZERO);
  private static final Set<String> KEYS = Set.of("client_idle_timeout", "idle_in_transaction_timeout", "shutdown_drain",
      "fanout_timeout");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|min|m|h)?");

  public LimitsConfig {
    for (Duration d : new Duration[] {clientIdleTimeout, idleInTransactionTimeout, shutdownDrain, fanoutTimeout}) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("limits must not be negative");
      }
    }
  }

  /** Whether an idle client is closed at all. */
  public boolean hasIdleTimeouts() {
    return !clientIdleTimeout.isZero() || !idleInTransactionTimeout.isZero();
  }

  public LimitsConfig withClientIdleTimeout(Duration d) {
    return new LimitsConfig(d, idleInTransactionTimeout, shutdownDrain, fanoutTimeout);
  }

  public LimitsConfig withIdleInTransactionTimeout(Duration d) {
    return new LimitsConfig(clientIdleTimeout, d, shutdownDrain, fanoutTimeout);
  }

  public LimitsConfig withShutdownDrain(Duration d) {
    return new LimitsConfig(clientIdleTimeout, idleInTransactionTimeout, d, fanoutTimeout);
  }

  public LimitsConfig withFanoutTimeout(Duration d) {
    return new LimitsConfig(clientIdleTimeout, idleInTransactionTimeout, shutdownDrain, d);
  }

  /** Reads the {@code limits} section of a YAML config document; defaults where absent. */
  public static LimitsConfig parse(String yaml) {
    ConfigSection limits = ConfigSection.topLevel(yaml, "limits").orElse(null);
    if (limits == null) {
      return DEFAULT;
    }
    limits.onlyKeys(KEYS);
    return new LimitsConfig(
        duration(limits, "client_idle_timeout", DEFAULT.clientIdleTimeout()),
        duration(limits, "idle_in_transaction_timeout", DEFAULT.idleInTransactionTimeout()),
        duration(limits, "shutdown_drain", DEFAULT.shutdownDrain()),
        duration(limits, "fanout_timeout", DEFAULT.fanoutTimeout()));
  }

  private static Duration duration(ConfigSection section, String key, Duration fallback) {
    String text = section.optionalText(key).orElse(null);
    if (text == null) {
      return fallback;
    }
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw section.error(key + " must be a duration such as 500ms, 30s, 10m or 1h (0 = off), got \"" + text + "\"");
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw section.error(key + " is too large: \"" + text + "\"");
    }
    String unit = m.group(2);
    if (unit == null && n != 0) {
      throw section.error(key + " needs a unit (ms, s, m or h), got \"" + text + "\"");
    }
    return switch (unit == null ? "s" : unit) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m", "min" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
