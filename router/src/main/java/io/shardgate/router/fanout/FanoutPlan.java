package io.shardgate.router.fanout;

import io.shardgate.engine.Operator;
import io.shardgate.engine.RowStream;
import java.util.List;

/**
 * How one key-less SELECT runs on every shard of a colo: {@code shardSql}, the statement each shard runs
 * (the client's text with pieces spliced in or out), and {@code root}, the merge over the shards' row
 * streams, whose columns are those of {@code shardSql}'s select list.
 *
 * <p>Execute it with {@link #open}. {@code hiddenLeadingColumns} is 0 except for {@code SELECT *} ordered
 * by something outside the select list: the shards then return the sort keys as extra leading columns
 * (the width of {@code *} is unknown until the shards answer, so they cannot trail), and {@code open}
 * drops them after the merge.
 */
public record FanoutPlan(String shardSql, Operator root, int hiddenLeadingColumns, Passthrough passthrough) {
  /**
   * How the client's columns sit among the shards' when the merge passes values through unchanged (no
   * aggregates): after {@code leading} columns the merge alone reads and before {@code trailing} ones. The shards
   * can then be asked for each client column in the client's own result format.
   */
  public record Passthrough(int leading, int trailing) {}

  public FanoutPlan {
    if (hiddenLeadingColumns < 0) {
      throw new IllegalArgumentException("hiddenLeadingColumns must be >= 0");
    }
  }

  /** A plan whose merge computes values (aggregates): the shards' columns are not the client's. */
  public FanoutPlan(String shardSql, Operator root, int hiddenLeadingColumns) {
    this(shardSql, root, hiddenLeadingColumns, null);
  }

  /** This plan, noting that the merge passes the client's columns through between the given hidden ones. */
  FanoutPlan passingThrough(int leading, int trailing) {
    return new FanoutPlan(shardSql, root, hiddenLeadingColumns, new Passthrough(leading, trailing));
  }

  /** Merges the shards' streams (one per shard, in shard order) into the client's result. */
  public RowStream open(List<RowStream> shardStreams) {
    RowStream merged = root.open(shardStreams);
    if (hiddenLeadingColumns == 0) {
      return merged;
    }
    try {
      return new LeadingColumnsDropped(merged, hiddenLeadingColumns);
    } catch (RuntimeException e) {
      merged.close();
      throw e;
    }
  }

  /** The merge tree as route EXPLAIN prints it, with the dropping of hidden leading columns on top. */
  public String describe() {
    if (hiddenLeadingColumns == 0) {
      return root.describe();
    }
    return "DropLeadingColumns(count=" + hiddenLeadingColumns + ")\n" + root.describe().indent(2).stripTrailing();
  }
}
