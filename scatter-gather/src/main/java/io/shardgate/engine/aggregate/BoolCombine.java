package io.shardgate.engine.aggregate;

import io.shardgate.engine.EngineException;
import io.shardgate.engine.TypedColumn;
import io.shardgate.engine.value.BoolValue;
import io.shardgate.engine.value.PgTypes;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;

/** The accumulator of bool_and (every) and bool_or: NULLs ignored, NULL when there is no non-NULL input. */
final class BoolCombine implements Accumulator {
  private final TypedColumn column;
  private final boolean and;
  private Boolean state;

  private BoolCombine(TypedColumn column, boolean and) {
    this.column = column;
    this.and = and;
  }

  static Aggregate.Bound bind(RowDescription input, int column, boolean and) {
    String name = and ? "bool_and" : "bool_or";
    TypedColumn c = TypedColumn.bind(input, column, name);
    if (c.type().oid() != PgTypes.BOOL) {
      throw EngineException.cannotCombine(name, c.type().name());
    }
    return new Aggregate.Bound(c.field(), () -> new BoolCombine(c, and));
  }

  @Override
  public void add(DataRow row) {
    BoolValue v = (BoolValue) column.value(row);
    if (v != null) {
      state = state == null ? v.value() : and ? state && v.value() : state || v.value();
    }
  }

  @Override
  public byte[] result() {
    return state == null ? null : column.type().encode(BoolValue.of(state), column.format());
  }
}
