package io.shardgate.engine.aggregate;

import io.shardgate.engine.TypedColumn;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;

/**
 * A grouping column passed through: the group's first row's value, bytes unchanged (of equal keys, like
 * 1.0 and 1.00, PostgreSQL also shows one of them).
 */
public record GroupValue(int column) implements Aggregate {
  @Override
  public String describe() {
    return "value(" + column + ")";
  }

  @Override
  public Bound bind(RowDescription input) {
    // No decoding: the value passes through, so any type will do.
    RowDescription.Field field = TypedColumn.fieldAt(input, column);
    return new Bound(field, () -> new Accumulator() {
      private boolean seen;
      private byte[] value;

      @Override
      public void add(DataRow row) {
        if (!seen) {
          seen = true;
          value = row.values().get(column);
        }
      }

      @Override
      public byte[] result() {
        return value;
      }
    });
  }
}
