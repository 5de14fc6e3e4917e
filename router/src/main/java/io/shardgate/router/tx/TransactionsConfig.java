package io.shardgate.router.tx;

import io.shardgate.router.auth.ConfigSection;
import java.time.Duration;
import java.util.Set;

/**
 * The config's {@code transactions} section: what a transaction that wrote on more than one node does at
 * COMMIT, where the commit records live, how often in-doubt transactions are resolved, and the name this
 * router gives its prepared transactions (unique per router process sharing the same nodes).
 */
public record TransactionsConfig(CrossNodeWrites crossNodeWrites, String controlNode, Duration recoveryInterval,
                                 String routerId) {
  /** two_phase (default): atomic commit with PREPARE TRANSACTION; reject: such a COMMIT fails and rolls back. */
  public enum CrossNodeWrites { TWO_PHASE, REJECT }

  public static final TransactionsConfig DEFAULT =
      new TransactionsConfig(CrossNodeWrites.TWO_PHASE, null, Duration.ofSeconds(30), "sg");
  private static final Set<String> KEYS = Set.of("cross_node_writes", "control_node", "recovery_interval_s", "router_id");

  public TransactionsConfig {
    if (!routerId.matches("[a-z0-9]{1,20}")) {
      throw new IllegalArgumentException("router_id must be 1 to 20 lower-case letters or digits, got \"" + routerId + "\"");
    }
    if (recoveryInterval.isNegative() || recoveryInterval.isZero()) {
      throw new IllegalArgumentException("recovery_interval_s must be positive");
    }
  }

  /** Reads the {@code transactions} section of a YAML config document; defaults where absent. */
  public static TransactionsConfig parse(String yaml) {
    ConfigSection section = ConfigSection.topLevel(yaml, "transactions").orElse(null);
    if (section == null) {
      return DEFAULT;
    }
    section.onlyKeys(KEYS);
    CrossNodeWrites mode = switch (section.optionalText("cross_node_writes").orElse("two_phase")) {
      case "two_phase" -> CrossNodeWrites.TWO_PHASE;
      case "reject" -> CrossNodeWrites.REJECT;
      default -> throw section.error("cross_node_writes must be two_phase or reject");
    };
    try {
      long seconds = Long.parseLong(section.optionalText("recovery_interval_s").orElse("30").trim());
      return new TransactionsConfig(mode, section.optionalText("control_node").orElse(null),
          Duration.ofSeconds(seconds), section.optionalText("router_id").orElse("sg"));
    } catch (IllegalArgumentException e) {
      throw section.error(e.getMessage());
    }
  }

  /** The same settings with another recovery interval (tests resolve in-doubt transactions quickly). */
  public TransactionsConfig withRecoveryInterval(Duration interval) {
    return new TransactionsConfig(crossNodeWrites, controlNode, interval, routerId);
  }

  /** The same settings with another cross-node write mode. */
  public TransactionsConfig withCrossNodeWrites(CrossNodeWrites mode) {
    return new TransactionsConfig(mode, controlNode, recoveryInterval, routerId);
  }
}
