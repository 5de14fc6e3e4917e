package io.shardgate.engine.aggregate;

import io.shardgate.engine.EngineException;
import io.shardgate.engine.TypedColumn;
import io.shardgate.engine.value.LongValue;
import io.shardgate.engine.value.PgType;
import io.shardgate.engine.value.PgTypes;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;

/** count(...) re-combined: the sum of the shards' counts, a bigint, 0 (never NULL) when there are none. */
public record Count(int column) implements Aggregate {
  @Override
  public String describe() {
    return "count(" + column + ")";
  }

  @Override
  public Bound bind(RowDescription input) {
    TypedColumn c = TypedColumn.bind(input, column, "count");
    int oid = c.type().oid();
    if (oid != PgTypes.INT8 && oid != PgTypes.INT4 && oid != PgTypes.INT2) {
      throw EngineException.cannotCombine("count", c.type().name());
    }
    PgType int8 = PgTypes.of(PgTypes.INT8);
    return new Bound(int8.field(c.field().name(), c.format()), () -> new Accumulator() {
      private long total;

      @Override
      public void add(DataRow row) {
        LongValue v = (LongValue) c.value(row);
        if (v != null) {
          try {
            total = Math.addExact(total, v.value());
          } catch (ArithmeticException e) {
            throw EngineException.outOfRange("bigint");
          }
        }
      }

      @Override
      public byte[] result() {
        return int8.encode(new LongValue(total), c.format());
      }
    });
  }
}
