package io.shardgate.engine.value;

import io.shardgate.engine.EngineException;
import io.shardgate.pgwire.message.RowDescription;

/**
 * One PostgreSQL type the engine understands: how to decode its text and binary forms into a {@link PgValue},
 * whether it has btree ordering and equality (json has neither), and, for types the engine computes
 * results in, how to encode a value back.
 *
 * @param oid the type's OID
 * @param name the name PostgreSQL's error messages use (format_type)
 * @param size the RowDescription type size (-1 for variable length)
 * @param comparable whether the type has a default btree operator class (ordering and equality)
 */
public record PgType(int oid, String name, short size, boolean comparable, Decoder decoder, Encoder encoder) {
  /** Decodes one non-NULL value. */
  @FunctionalInterface
  public interface Decoder {
    PgValue decode(byte[] bytes, Format format);
  }

  /** Encodes one non-NULL value; may refuse a format it cannot produce. */
  @FunctionalInterface
  public interface Encoder {
    byte[] encode(PgValue value, Format format);
  }

  public PgValue decode(byte[] bytes, Format format) {
    return decoder.decode(bytes, format);
  }

  public byte[] encode(PgValue value, Format format) {
    if (encoder == null) {
      throw EngineException.unsupportedType(oid, "encode");
    }
    return encoder.encode(value, format);
  }

  /** The RowDescription field of a column this engine computes with this type (no source table, typmod -1). */
  public RowDescription.Field field(String columnName, Format format) {
    return new RowDescription.Field(columnName, 0, (short) 0, oid, size, -1, format.code());
  }

  /** Fails as PostgreSQL fails on ORDER BY / MIN / MAX of a type without ordering. */
  public PgType requireOrdering() {
    if (!comparable) {
      throw EngineException.noOrdering(name);
    }
    return this;
  }

  /** Fails as PostgreSQL fails on DISTINCT / GROUP BY of a type without equality. */
  public PgType requireEquality() {
    if (!comparable) {
      throw EngineException.noEquality(name);
    }
    return this;
  }
}
