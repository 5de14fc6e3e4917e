package io.shardgate.engine.aggregate;

import io.shardgate.engine.EngineException;
import io.shardgate.engine.TypedColumn;
import io.shardgate.engine.value.FloatValue;
import io.shardgate.engine.value.LongValue;
import io.shardgate.engine.value.NumericValue;
import io.shardgate.engine.value.PgType;
import io.shardgate.engine.value.PgTypes;
import io.shardgate.engine.value.PgValue;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;

/**
 * sum(...) re-combined from the shards' sums, keeping the type the shards' sum already has: sum(int2/int4)
 * arrives and stays bigint (overflow is an error, as in PostgreSQL), sum(int8/numeric) is numeric (exact,
 * scale = largest input scale, NaN and infinities as numeric addition has them), sum(real) real and
 * sum(double precision) double precision. NULL when no shard had a non-NULL input.
 */
public record Sum(int column) implements Aggregate {
  @Override
  public String describe() {
    return "sum(" + column + ")";
  }

  @Override
  public Bound bind(RowDescription input) {
    TypedColumn c = TypedColumn.bind(input, column, "sum");
    switch (c.type().oid()) {
      case PgTypes.INT2, PgTypes.INT4, PgTypes.INT8: {
        PgType int8 = PgTypes.of(PgTypes.INT8);
        return new Bound(int8.field(c.field().name(), c.format()), () -> new Folding(c, int8) {
          @Override
          PgValue combine(PgValue total, PgValue next) {
            try {
              return new LongValue(Math.addExact(((LongValue) total).value(), ((LongValue) next).value()));
            } catch (ArithmeticException e) {
              throw EngineException.outOfRange("bigint");
            }
          }
        });
      }
      case PgTypes.NUMERIC:
        return new Bound(c.field(), () -> new Folding(c, c.type()) {
          @Override
          PgValue combine(PgValue total, PgValue next) {
            return ((NumericValue) total).add((NumericValue) next);
          }
        });
      case PgTypes.FLOAT4, PgTypes.FLOAT8: {
        boolean single = c.type().oid() == PgTypes.FLOAT4;
        return new Bound(c.field(), () -> new Folding(c, c.type()) {
          @Override
          PgValue combine(PgValue total, PgValue next) {
            return new FloatValue(addFloat(((FloatValue) total).value(), ((FloatValue) next).value(), single));
          }
        });
      }
      default:
        throw EngineException.cannotCombine("sum", c.type().name());
    }
  }

  /** float4pl / float8pl: IEEE addition in the type's precision; an overflow to infinity is an error. */
  static double addFloat(double a, double b, boolean single) {
    double r = single ? (double) ((float) a + (float) b) : a + b;
    if (Double.isInfinite(r) && !Double.isInfinite(a) && !Double.isInfinite(b)) {
      throw EngineException.floatOverflow();
    }
    return r;
  }

  /** Folds the non-NULL partials with {@link #combine}; NULL if there were none. */
  private abstract static class Folding implements Accumulator {
    private final TypedColumn column;
    private final PgType output;
    private PgValue total;

    Folding(TypedColumn column, PgType output) {
      this.column = column;
      this.output = output;
    }

    abstract PgValue combine(PgValue total, PgValue next);

    @Override
    public void add(DataRow row) {
      PgValue v = column.value(row);
      if (v != null) {
        total = total == null ? v : combine(total, v);
      }
    }

    @Override
    public byte[] result() {
      return total == null ? null : output.encode(total, column.format());
    }
  }
}
