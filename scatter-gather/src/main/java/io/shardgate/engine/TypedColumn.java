package io.shardgate.engine;

import io.shardgate.engine.value.Format;
import io.shardgate.engine.value.PgType;
import io.shardgate.engine.value.PgTypes;
import io.shardgate.engine.value.PgValue;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;

/** One column of a result bound to its type and wire format: reads raw bytes and typed values from rows. */
public record TypedColumn(int index, RowDescription.Field field, PgType type, Format format) {
  /** Binds column {@code index} of {@code d}; {@code purpose} words the error for an unknown type. */
  public static TypedColumn bind(RowDescription d, int index, String purpose) {
    RowDescription.Field f = fieldAt(d, index);
    return new TypedColumn(index, f, PgTypes.of(f.typeOid(), purpose), Format.of(f.format()));
  }

  /** Field {@code index} of {@code d}, or an internal error for a plan that names a column the rows lack. */
  public static RowDescription.Field fieldAt(RowDescription d, int index) {
    if (index < 0 || index >= d.fields().size()) {
      throw EngineException.internal("column " + index + " does not exist; the rows have " + d.fields().size());
    }
    return d.fields().get(index);
  }

  /** The value's bytes as the shard sent them; null for SQL NULL. */
  public byte[] raw(DataRow row) {
    return row.values().get(index);
  }

  /** The decoded value; null for SQL NULL. */
  public PgValue value(DataRow row) {
    byte[] b = raw(row);
    return b == null ? null : type.decode(b, format);
  }
}
