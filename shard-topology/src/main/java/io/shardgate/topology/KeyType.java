package io.shardgate.topology;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;

/** The type of a colo's shard key, with how Java and SQL hash its values to the same 64-bit number. */
public enum KeyType {
  SMALLINT("smallint", 16, List.of("smallint", "int2")),
  INTEGER("integer", 32, List.of("integer", "int", "int4")),
  BIGINT("bigint", 64, List.of("bigint", "int8")),
  TEXT("text", 0, List.of("text")),
  VARCHAR("character varying", 0, List.of("varchar", "character varying")),
  UUID("uuid", 0, List.of("uuid"));

  private final String sqlName;
  private final int bits;
  private final List<String> spellings;

  KeyType(String sqlName, int bits, List<String> spellings) {
    this.sqlName = sqlName;
    this.bits = bits;
    this.spellings = spellings;
  }

  /** Reads a PostgreSQL type name (int2, int4, int, int8, smallint, integer, bigint, text, varchar, character varying, uuid), ignoring case. */
  public static KeyType parse(String name) {
    String normalized = name == null ? "" : name.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    for (KeyType type : values()) {
      if (type.spellings.contains(normalized)) {
        return type;
      }
    }
    throw new TopologyException("unknown shard key type '" + name + "': allowed are " + allowedSpellings());
  }

  /** Every accepted spelling, for error messages. */
  public static String allowedSpellings() {
    StringBuilder out = new StringBuilder();
    for (KeyType type : values()) {
      for (String spelling : type.spellings) {
        out.append(out.length() == 0 ? "" : ", ").append(spelling);
      }
    }
    return out.toString();
  }

  /** The type's name as PostgreSQL's format_type prints it. */
  public String sqlName() {
    return sqlName;
  }

  /** Whether values are integers (hashed with hashint8extended whatever their width). */
  public boolean isInteger() {
    return bits != 0;
  }

  /**
   * Hashes a Java value of this type: for integer types a {@link Long}, {@link Integer},
   * {@link Short}, {@link Byte} or {@link BigInteger} within the type's range; for text types a
   * {@link CharSequence}; for uuid a {@link java.util.UUID}. A {@link String} is read as the
   * type's textual form ({@link #hashOfText}) for every type.
   */
  public long hashOf(Object value) {
    if (value == null) {
      throw new TopologyException(TopologyException.NULL_VALUE, "a NULL shard key belongs to no shard", null);
    }
    if (value instanceof String) {
      return hashOfText((String) value);
    }
    if (isInteger()) {
      if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
        return PgHash.hashInt8(checkRange(((Number) value).longValue(), value));
      }
      if (value instanceof BigInteger) {
        BigInteger big = (BigInteger) value;
        if (big.bitLength() > 63) {
          throw TopologyException.outOfRange(sqlName, big.toString());
        }
        return PgHash.hashInt8(checkRange(big.longValue(), value));
      }
    } else if (this == UUID && value instanceof java.util.UUID) {
      return PgHash.hashUuid((java.util.UUID) value);
    } else if (this != UUID && value instanceof CharSequence) {
      return hashOfText(value.toString());
    }
    throw new TopologyException(TopologyException.DATATYPE_MISMATCH,
        "a " + value.getClass().getName() + " is not a " + sqlName + " shard key value", null);
  }

  /** Hashes a value given as text, read as PostgreSQL's input function for this type reads it. */
  public long hashOfText(String literalText) {
    if (literalText == null) {
      return hashOf(null);
    }
    if (isInteger()) {
      return PgHash.hashInt8(PgInput.parseInteger(literalText, bits, sqlName));
    }
    if (this == UUID) {
      return PgHash.hashUuid(PgInput.parseUuid(literalText));
    }
    if (literalText.indexOf('\0') >= 0) {
      throw new TopologyException("22021", "invalid byte sequence for encoding \"UTF8\": 0x00", null);
    }
    return PgHash.hashText(literalText);
  }

  /** The SQL expression PostgreSQL evaluates to the same hash, e.g. {@code hashint8extended(t.user_id, 0)}. */
  public String sqlHash(String columnExpression) {
    if (isInteger()) {
      // int2 and int4 columns are cast to int8 implicitly; the hash is the same as hashint4extended's.
      return "hashint8extended(" + columnExpression + ", 0)";
    }
    if (this == UUID) {
      return "uuid_hash_extended(" + columnExpression + ", 0)";
    }
    return "hashtextextended(" + columnExpression + ", 0)";
  }

  /** Whether a column of PostgreSQL type {@code formatType} (as format_type prints it) hashes like this key type. */
  public boolean fitsColumnType(String formatType) {
    if (isInteger()) {
      return formatType.equals("smallint") || formatType.equals("integer") || formatType.equals("bigint");
    }
    if (this == UUID) {
      return formatType.equals("uuid");
    }
    return formatType.equals("text") || formatType.equals("character varying");
  }

  private long checkRange(long v, Object original) {
    if (bits < 64 && (v < -(1L << (bits - 1)) || v >= 1L << (bits - 1))) {
      throw TopologyException.outOfRange(sqlName, original.toString());
    }
    return v;
  }
}
