package io.shardgate.engine.aggregate;

import io.shardgate.engine.TypedColumn;
import io.shardgate.engine.value.PgValue;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;

/**
 * The accumulator of min and max: keeps the winning partial's bytes unchanged (so any type with an ordering
 * works, and timestamptz keeps its session offset), ignoring NULLs; of equal values the first seen wins.
 */
final class Extremum implements Accumulator {
  private final TypedColumn column;
  private final int sign;
  private PgValue best;
  private byte[] bestBytes;

  private Extremum(TypedColumn column, int sign) {
    this.column = column;
    this.sign = sign;
  }

  /** Binds min ({@code sign} -1) or max (+1) over {@code column}; the type must have an ordering. */
  static Aggregate.Bound bind(RowDescription input, int column, int sign) {
    TypedColumn c = TypedColumn.bind(input, column, sign < 0 ? "min" : "max");
    c.type().requireOrdering();
    return new Aggregate.Bound(c.field(), () -> new Extremum(c, sign));
  }

  @Override
  public void add(DataRow row) {
    byte[] raw = column.raw(row);
    if (raw == null) {
      return;
    }
    PgValue v = column.type().decode(raw, column.format());
    if (best == null || Integer.signum(v.compareTo(best)) == sign) {
      best = v;
      bestBytes = raw;
    }
  }

  @Override
  public byte[] result() {
    return bestBytes;
  }
}
