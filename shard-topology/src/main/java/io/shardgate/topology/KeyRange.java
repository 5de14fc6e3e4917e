package io.shardgate.topology;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A half-open range {@code [lo, hi)} of the signed 64-bit hash space. The range that reaches the
 * top has no upper bound ({@code unboundedAbove}), since 2^63 does not fit in a long; its
 * {@code hi} is then {@link Long#MAX_VALUE} and carries no meaning.
 */
public record KeyRange(long lo, long hi, boolean unboundedAbove) {
  private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger SPACE = BigInteger.ONE.shiftLeft(64);

  /** Checks that the range is not empty. */
  public KeyRange {
    if (unboundedAbove) {
      hi = Long.MAX_VALUE;
    } else if (lo >= hi) {
      throw new IllegalArgumentException("empty key range [" + lo + ", " + hi + ")");
    }
  }

  /** {@code [lo, hi)}. */
  public static KeyRange of(long lo, long hi) {
    return new KeyRange(lo, hi, false);
  }

  /** {@code [lo, 2^63)}. */
  public static KeyRange from(long lo) {
    return new KeyRange(lo, Long.MAX_VALUE, true);
  }

  /** The whole hash space. */
  public static KeyRange all() {
    return from(Long.MIN_VALUE);
  }

  /** {@code n} equal contiguous ranges covering [-2^63, 2^63), ascending (range i is shard i). */
  public static List<KeyRange> split(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("cannot split the hash space into " + n + " ranges");
    }
    List<KeyRange> ranges = new ArrayList<>(n);
    long lo = Long.MIN_VALUE;
    for (int i = 1; i <= n; i++) {
      if (i == n) {
        ranges.add(from(lo));
      } else {
        long hi = MIN.add(SPACE.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(n))).longValueExact();
        ranges.add(of(lo, hi));
        lo = hi;
      }
    }
    return List.copyOf(ranges);
  }

  /** Whether {@code hash} lies in this range. */
  public boolean contains(long hash) {
    return hash >= lo && (unboundedAbove || hash < hi);
  }

  /** The exclusive upper end as a number (2^63 when unbounded). */
  public BigInteger end() {
    return unboundedAbove ? SPACE.add(MIN) : BigInteger.valueOf(hi);
  }

  /** How many hash values the range holds. */
  public BigInteger size() {
    return end().subtract(BigInteger.valueOf(lo));
  }

  /** The SQL condition for "the hash {@code hashExpr} lies in this range", e.g. {@code h >= lo AND h < hi}. */
  public String sqlPredicate(String hashExpr) {
    String lower = hashExpr + " >= " + lo;
    return unboundedAbove ? lower : lower + " AND " + hashExpr + " < " + hi;
  }

  @Override
  public String toString() {
    return "[" + lo + ", " + (unboundedAbove ? "2^63" : Long.toString(hi)) + ")";
  }
}
