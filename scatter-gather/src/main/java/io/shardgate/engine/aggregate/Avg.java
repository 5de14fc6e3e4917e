package io.shardgate.engine.aggregate;

import io.shardgate.engine.EngineException;
import io.shardgate.engine.TypedColumn;
import io.shardgate.engine.value.FloatValue;
import io.shardgate.engine.value.LongValue;
import io.shardgate.engine.value.NumericDivision;
import io.shardgate.engine.value.NumericValue;
import io.shardgate.engine.value.PgType;
import io.shardgate.engine.value.PgTypes;
import io.shardgate.engine.value.PgValue;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;
import java.math.BigDecimal;

/**
 * avg(x) re-combined from a per-shard pair the router asks for instead: {@code sum(x)} (column
 * {@code sumColumn}) and {@code count(x)} (column {@code countColumn}). For integer and numeric x the result
 * is numeric, total sum / total count with numeric_div's scale (PostgreSQL's avg ends in exactly that
 * division); for float x it is double precision, sum / count in float8 (the router should ask for
 * {@code sum(x::float8)} so a real column is summed as PostgreSQL's avg(real) sums it). NULL on no rows.
 * The output column takes the sum column's name and format.
 */
public record Avg(int sumColumn, int countColumn) implements Aggregate {
  @Override
  public String describe() {
    return "avg(" + sumColumn + ", " + countColumn + ")";
  }

  @Override
  public Bound bind(RowDescription input) {
    TypedColumn sum = TypedColumn.bind(input, sumColumn, "avg");
    TypedColumn count = TypedColumn.bind(input, countColumn, "avg");
    if (count.type().oid() != PgTypes.INT8) {
      throw EngineException.cannotCombine("avg (count of type " + count.type().name() + ")", sum.type().name());
    }
    switch (sum.type().oid()) {
      case PgTypes.INT2, PgTypes.INT4, PgTypes.INT8, PgTypes.NUMERIC: {
        PgType numeric = PgTypes.of(PgTypes.NUMERIC);
        return new Bound(numeric.field(sum.field().name(), sum.format()), () -> new NumericAvg(sum, count, numeric));
      }
      case PgTypes.FLOAT4, PgTypes.FLOAT8: {
        PgType float8 = PgTypes.of(PgTypes.FLOAT8);
        return new Bound(float8.field(sum.field().name(), sum.format()), () -> new FloatAvg(sum, count, float8));
      }
      default:
        throw EngineException.cannotCombine("avg", sum.type().name());
    }
  }

  private static long addCount(long total, TypedColumn count, DataRow row) {
    LongValue n = (LongValue) count.value(row);
    return n == null ? total : total + n.value();
  }

  private static final class NumericAvg implements Accumulator {
    private final TypedColumn sum;
    private final TypedColumn count;
    private final PgType numeric;
    private NumericValue total = NumericValue.of(BigDecimal.ZERO);
    private long n;

    NumericAvg(TypedColumn sum, TypedColumn count, PgType numeric) {
      this.sum = sum;
      this.count = count;
      this.numeric = numeric;
    }

    @Override
    public void add(DataRow row) {
      PgValue v = sum.value(row);
      if (v != null) {
        total = total.add(v instanceof LongValue l ? NumericValue.of(l.value()) : (NumericValue) v);
      }
      n = addCount(n, count, row);
    }

    @Override
    public byte[] result() {
      if (n == 0) {
        return null;
      }
      NumericValue avg = total.isFinite()
          ? NumericValue.of(NumericDivision.divide(total.decimal(), BigDecimal.valueOf(n))) : total;
      return numeric.encode(avg, sum.format());
    }
  }

  private static final class FloatAvg implements Accumulator {
    private final TypedColumn sum;
    private final TypedColumn count;
    private final PgType float8;
    private double total;
    private long n;

    FloatAvg(TypedColumn sum, TypedColumn count, PgType float8) {
      this.sum = sum;
      this.count = count;
      this.float8 = float8;
    }

    @Override
    public void add(DataRow row) {
      FloatValue v = (FloatValue) sum.value(row);
      if (v != null) {
        total = Sum.addFloat(total, v.value(), false);
      }
      n = addCount(n, count, row);
    }

    @Override
    public byte[] result() {
      return n == 0 ? null : float8.encode(new FloatValue(total / n), sum.format());
    }
  }
}
