package io.shardgate.engine.aggregate;

import io.shardgate.pgwire.message.RowDescription;

/** bool_and(...) (every) re-combined: true when every shard's bool_and was true, NULLs ignored. */
public record BoolAnd(int column) implements Aggregate {
  @Override
  public String describe() {
    return "bool_and(" + column + ")";
  }

  @Override
  public Bound bind(RowDescription input) {
    return BoolCombine.bind(input, column, true);
  }
}
