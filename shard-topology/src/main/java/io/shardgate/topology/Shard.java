package io.shardgate.topology;

import java.util.Objects;

/** One range of a colo's hash space, placed on one node, served there by the shard schema. */
public record Shard(String colo, int number, KeyRange range, String node) {
  /** Checks the parts. */
  public Shard {
    Objects.requireNonNull(colo, "colo");
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(node, "node");
    if (number < 0) {
      throw new TopologyException("shard number must not be negative: " + colo + " " + number);
    }
  }

  /** The schema of this shard's views on its node: colo, underscore, the number in four digits ({@code users_0003}). */
  public String schemaName() {
    return schemaName(colo, number);
  }

  /** The schema name of shard {@code number} of {@code colo}. */
  public static String schemaName(String colo, int number) {
    // on every routed statement: no Formatter (String.format parses its pattern and allocates on each call)
    String digits = Integer.toString(number);
    return digits.length() >= 4 ? colo + "_" + digits : colo + "_" + "0000".substring(digits.length()) + digits;
  }

  /** The same shard placed on another node. */
  public Shard withNode(String newNode) {
    return new Shard(colo, number, range, newNode);
  }

  @Override
  public String toString() {
    return schemaName() + " " + range + " on " + node;
  }
}
