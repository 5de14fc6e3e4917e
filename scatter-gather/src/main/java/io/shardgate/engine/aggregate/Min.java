package io.shardgate.engine.aggregate;

import io.shardgate.pgwire.message.RowDescription;

/** min(...) re-combined: the smallest of the shards' minimums, NULL when every shard's was NULL. */
public record Min(int column) implements Aggregate {
  @Override
  public String describe() {
    return "min(" + column + ")";
  }

  @Override
  public Bound bind(RowDescription input) {
    return Extremum.bind(input, column, -1);
  }
}
