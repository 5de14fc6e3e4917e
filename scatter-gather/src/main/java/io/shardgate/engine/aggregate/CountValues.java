package io.shardgate.engine.aggregate;

import io.shardgate.engine.TypedColumn;
import io.shardgate.engine.value.LongValue;
import io.shardgate.engine.value.PgType;
import io.shardgate.engine.value.PgTypes;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;

/**
 * count(DISTINCT x) over rows that are already distinct per group and x (the shards grouped by x and an
 * aggregate below merged their groups): the number of non-NULL values of x, a bigint, 0 for none.
 */
public record CountValues(int column) implements Aggregate {
  @Override
  public String describe() {
    return "countValues(" + column + ")";
  }

  @Override
  public Bound bind(RowDescription input) {
    RowDescription.Field f = TypedColumn.fieldAt(input, column);
    PgType int8 = PgTypes.of(PgTypes.INT8);
    io.shardgate.engine.value.Format format = io.shardgate.engine.value.Format.of(f.format());
    return new Bound(int8.field(f.name(), format), () -> new Accumulator() {
      private long count;

      @Override
      public void add(DataRow row) {
        if (row.values().get(column) != null) {
          count++;
        }
      }

      @Override
      public byte[] result() {
        return int8.encode(new LongValue(count), format);
      }
    });
  }
}
