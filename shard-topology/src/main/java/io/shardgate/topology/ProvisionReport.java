package io.shardgate.topology;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a provisioning run did, node by node ("created schema users_0003", "created view users_0003.orders"...). */
public record ProvisionReport(Map<String, List<String>> actionsByNode) {
  /** Copies the map, keeping node order. */
  public ProvisionReport {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    actionsByNode.forEach((node, actions) -> copy.put(node, List.copyOf(actions)));
    actionsByNode = Collections.unmodifiableMap(copy);
  }

  /** What was done on {@code node} (empty when nothing, or the node was not visited). */
  public List<String> actions(String node) {
    return actionsByNode.getOrDefault(node, List.of());
  }

  /** How many changes in all. */
  public int changeCount() {
    return actionsByNode.values().stream().mapToInt(List::size).sum();
  }

  /** Whether the run found everything in place. */
  public boolean changedNothing() {
    return changeCount() == 0;
  }

  /** One line per node and action, for printing. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    actionsByNode.forEach((node, actions) -> {
      out.append(node).append(": ").append(actions.isEmpty() ? "nothing to do" : actions.size() + " change(s)").append('\n');
      actions.forEach(a -> out.append("  ").append(a).append('\n'));
    });
    return out.toString();
  }
}
