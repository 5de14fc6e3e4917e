package io.shardgate.engine.value;

/** A boolean; false sorts before true. */
public record BoolValue(boolean value) implements PgValue {
  public static final BoolValue TRUE = new BoolValue(true);
  public static final BoolValue FALSE = new BoolValue(false);

  public static BoolValue of(boolean b) {
    return b ? TRUE : FALSE;
  }

  @Override
  public int compareTo(PgValue other) {
    return Boolean.compare(value, ((BoolValue) other).value);
  }
}
