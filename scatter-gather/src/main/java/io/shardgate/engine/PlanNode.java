package io.shardgate.engine;

import java.util.List;

/** A node of a merge plan: an {@link Operator} or the {@link Route} leaf; prints itself as an indented tree. */
public sealed interface PlanNode permits Operator, Route {
  /** This node's own line, e.g. {@code Limit(offset=5, count=10)}. */
  String label();

  /** The nodes this one reads from, in order. */
  List<PlanNode> inputs();

  /** The tree below and including this node, two spaces of indent per level, as route EXPLAIN prints it. */
  default String describe() {
    StringBuilder sb = new StringBuilder();
    describe(this, 0, sb);
    return sb.toString();
  }

  private static void describe(PlanNode node, int depth, StringBuilder sb) {
    if (depth > 0) {
      sb.append('\n');
    }
    sb.append("  ".repeat(depth)).append(node.label());
    for (PlanNode input : node.inputs()) {
      describe(input, depth + 1, sb);
    }
  }
}
