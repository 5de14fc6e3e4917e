package io.shardgate.engine.value;

/**
 * An interval as PostgreSQL stores it (months, days, microseconds), ordered and compared as PostgreSQL's
 * interval_cmp does: by total span with 30-day months and 24-hour days, so '1 mon' = '30 days' = '720:00:00'.
 */
public record IntervalValue(int months, int days, long micros) implements PgValue {
  static final long MICROS_PER_DAY = 86_400_000_000L;

  /** Whole days of the span (months as 30 days); exact, no overflow for any stored interval. */
  private long spanDays() {
    return months * 30L + days + Math.floorDiv(micros, MICROS_PER_DAY);
  }

  private long spanMicrosOfDay() {
    return Math.floorMod(micros, MICROS_PER_DAY);
  }

  @Override
  public int compareTo(PgValue other) {
    IntervalValue o = (IntervalValue) other;
    int c = Long.compare(spanDays(), o.spanDays());
    return c != 0 ? c : Long.compare(spanMicrosOfDay(), o.spanMicrosOfDay());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IntervalValue i && compareTo(i) == 0;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(spanDays()) * 31 + Long.hashCode(spanMicrosOfDay());
  }
}
