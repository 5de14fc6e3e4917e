package io.shardgate.topology;

import java.util.ArrayList;
import java.util.List;

/** Default placements of a colo's shards on nodes. */
public final class Placement {
  private Placement() {}

  /**
   * Spreads {@code shards} shards over {@code nodes} in contiguous blocks, in node order, block
   * sizes differing by at most one: 8 shards on [n1, n2] are n1 x4 then n2 x4.
   */
  public static List<String> contiguousBlocks(int shards, List<String> nodes) {
    if (nodes.isEmpty()) {
      throw new TopologyException("no nodes to place shards on");
    }
    List<String> out = new ArrayList<>(shards);
    for (int i = 0; i < shards; i++) {
      out.add(nodes.get((int) ((long) i * nodes.size() / shards)));
    }
    return List.copyOf(out);
  }
}
