package io.shardgate.engine.aggregate;

import io.shardgate.pgwire.message.RowDescription;

/** max(...) re-combined: the largest of the shards' maximums, NULL when every shard's was NULL. */
public record Max(int column) implements Aggregate {
  @Override
  public String describe() {
    return "max(" + column + ")";
  }

  @Override
  public Bound bind(RowDescription input) {
    return Extremum.bind(input, column, 1);
  }
}
