package io.shardgate.engine.aggregate;

import io.shardgate.pgwire.message.DataRow;

/** The running state of one aggregate column for one group: fed partial rows, yields the final value. */
public interface Accumulator {
  /** Folds one input row (one shard's partial result for this group) into the state. */
  void add(DataRow row);

  /** The combined value in the output column's format; null for SQL NULL. */
  byte[] result();
}
