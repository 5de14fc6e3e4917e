package io.shardgate.engine.value;

/** The wire format of a column value: PostgreSQL's text output or its binary send form. */
public enum Format {
  TEXT,
  BINARY;

  /** The format for a RowDescription format code (0 text, 1 binary). */
  public static Format of(int code) {
    return switch (code) {
      case 0 -> TEXT;
      case 1 -> BINARY;
      default -> throw new IllegalArgumentException("unknown format code " + code);
    };
  }

  /** The RowDescription format code. */
  public short code() {
    return (short) ordinal();
  }
}
