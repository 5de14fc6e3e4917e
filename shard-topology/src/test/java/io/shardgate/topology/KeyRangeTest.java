package io.shardgate.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyRangeTest {
  private static final BigInteger SPACE = BigInteger.ONE.shiftLeft(64);

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 8, 256, 1000})
  void splitCoversTheHashSpaceContiguouslyAndEvenly(int n) {
    List<KeyRange> ranges = KeyRange.split(n);
    assertEquals(n, ranges.size());
    assertEquals(Long.MIN_VALUE, ranges.get(0).lo());
    BigInteger total = BigInteger.ZERO;
    BigInteger smallest = null;
    BigInteger largest = null;
    for (int i = 0; i < n; i++) {
      KeyRange r = ranges.get(i);
      boolean last = i == n - 1;
      assertEquals(last, r.unboundedAbove(), "only the last range is unbounded");
      if (!last) {
        assertEquals(r.hi(), ranges.get(i + 1).lo(), "contiguous at " + i);
        assertTrue(r.contains(r.hi() - 1));
        assertFalse(r.contains(r.hi()));
      } else {
        assertTrue(r.contains(Long.MAX_VALUE));
      }
      assertTrue(r.contains(r.lo()));
      if (r.lo() != Long.MIN_VALUE) {
        assertFalse(r.contains(r.lo() - 1));
      }
      BigInteger size = r.size();
      total = total.add(size);
      smallest = smallest == null || size.compareTo(smallest) < 0 ? size : smallest;
      largest = largest == null || size.compareTo(largest) > 0 ? size : largest;
    }
    assertEquals(SPACE, total, "ranges cover exactly 2^64 values");
    assertTrue(largest.subtract(smallest).compareTo(BigInteger.ONE) <= 0, "equal up to one value");
  }

  @Test
  void knownBoundaries() {
    assertEquals(List.of(KeyRange.all()), KeyRange.split(1));
    assertEquals(List.of(KeyRange.of(Long.MIN_VALUE, 0), KeyRange.from(0)), KeyRange.split(2));
    List<KeyRange> four = KeyRange.split(4);
    assertEquals(-(1L << 62), four.get(1).lo());
    assertEquals(0, four.get(2).lo());
    assertEquals(1L << 62, four.get(3).lo());
    assertThrows(IllegalArgumentException.class, () -> KeyRange.split(0));
  }

  @Test
  void sqlPredicateHasNoUpperBoundOnTheLastRange() {
    assertEquals("h >= -9223372036854775808 AND h < 0", KeyRange.of(Long.MIN_VALUE, 0).sqlPredicate("h"));
    assertEquals("h >= 0", KeyRange.from(0).sqlPredicate("h"));
  }

  @Test
  void emptyRangesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> KeyRange.of(5, 5));
    assertThrows(IllegalArgumentException.class, () -> KeyRange.of(5, 4));
    assertEquals(Long.MAX_VALUE, new KeyRange(3, 0, true).hi());
  }
}
