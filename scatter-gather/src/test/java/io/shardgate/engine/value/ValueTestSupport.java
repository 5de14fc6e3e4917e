package io.shardgate.engine.value;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Decoding text values of one type and checking that the engine sorts them as PostgreSQL did. */
final class ValueTestSupport {
  private ValueTestSupport() {}

  static PgValue text(int oid, String s) {
    return PgTypes.of(oid).decode(s.getBytes(StandardCharsets.UTF_8), Format.TEXT);
  }

  static int compare(int oid, String a, String b) {
    return Integer.signum(text(oid, a).compareTo(text(oid, b)));
  }

  /**
   * Shuffles {@code pgOrder} (values in the order PostgreSQL's ORDER BY returned them), sorts them with the
   * engine's comparison and expects the same order; values PostgreSQL considers equal must compare equal
   * and keep their relative order (the sort is stable, so they are compared by position in the input).
   */
  static void assertSortsLike(int oid, List<String> pgOrder) {
    for (long seed = 0; seed < 5; seed++) {
      List<String> shuffled = new ArrayList<>(pgOrder);
      Collections.shuffle(shuffled, new java.util.Random(seed));
      List<String> sorted = new ArrayList<>(shuffled);
      sorted.sort((a, b) -> text(oid, a).compareTo(text(oid, b)));
      for (int i = 0; i < sorted.size(); i++) {
        String expected = pgOrder.get(i);
        String actual = sorted.get(i);
        assertEquals(0, text(oid, expected).compareTo(text(oid, actual)),
            "position " + i + ": expected " + expected + " but got " + actual + " in " + sorted);
      }
    }
  }
}
