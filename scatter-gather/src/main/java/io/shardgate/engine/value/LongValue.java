package io.shardgate.engine.value;

/**
 * A value PostgreSQL orders as a signed 64-bit integer: int2, int4, int8, oid (unsigned, fits), and the
 * date/time types in their binary form (date in days, time/timestamp/timestamptz in microseconds, both
 * from 2000-01-01; timestamptz in UTC; infinities at the ends of the range, as PostgreSQL stores them).
 */
public record LongValue(long value) implements PgValue {
  @Override
  public int compareTo(PgValue other) {
    return Long.compare(value, ((LongValue) other).value);
  }
}
