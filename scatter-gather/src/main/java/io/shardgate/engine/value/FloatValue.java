package io.shardgate.engine.value;

/**
 * A float4 or float8 (float4 widened exactly). Ordered as PostgreSQL's float8_cmp: NaN equals NaN and
 * sorts above everything including Infinity; -0 equals 0.
 */
public record FloatValue(double value) implements PgValue {
  @Override
  public int compareTo(PgValue other) {
    return compare(value, ((FloatValue) other).value);
  }

  /** PostgreSQL's float8_cmp_internal. */
  public static int compare(double a, double b) {
    if (Double.isNaN(a)) {
      return Double.isNaN(b) ? 0 : 1;
    }
    if (Double.isNaN(b)) {
      return -1;
    }
    return a > b ? 1 : a < b ? -1 : 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FloatValue f && compare(value, f.value) == 0;
  }

  @Override
  public int hashCode() {
    // -0 and 0 are equal, so they must hash alike; every NaN hashes alike through Double.hashCode.
    return value == 0 ? 0 : Double.hashCode(value);
  }
}
