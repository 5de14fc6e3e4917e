package io.shardgate.engine.aggregate;

import io.shardgate.pgwire.message.RowDescription;

/** bool_or(...) re-combined: true when any shard's bool_or was true, NULLs ignored. */
public record BoolOr(int column) implements Aggregate {
  @Override
  public String describe() {
    return "bool_or(" + column + ")";
  }

  @Override
  public Bound bind(RowDescription input) {
    return BoolCombine.bind(input, column, false);
  }
}
