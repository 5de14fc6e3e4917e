package io.shardgate.engine.value;

import static io.shardgate.engine.value.ValueTestSupport.assertSortsLike;
import static io.shardgate.engine.value.ValueTestSupport.compare;
import static io.shardgate.engine.value.ValueTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Orders of the date/time types; expected orders (and text forms) are what PostgreSQL 15 returned. */
class TemporalOrderingTest {
  @Test
  void date() {
    assertSortsLike(PgTypes.DATE, List.of("-infinity", "4713-01-01 BC", "0044-03-15 BC", "0001-01-01",
        "1999-12-31", "2000-01-01", "2024-01-01", "10000-01-01", "infinity"));
    assertEquals(new LongValue(0), text(PgTypes.DATE, "2000-01-01"), "days from 2000-01-01, as PostgreSQL stores");
  }

  @Test
  void time() {
    assertSortsLike(PgTypes.TIME, List.of("00:00:00", "00:00:00.000001", "12:00:00", "23:59:59.999999",
        "24:00:00"));
  }

  @Test
  void timestamp() {
    assertSortsLike(PgTypes.TIMESTAMP, List.of("-infinity", "0044-03-15 12:00:00 BC", "1970-01-01 00:00:00",
        "2023-12-31 23:59:59.999999", "2024-01-01 00:00:00", "2024-01-01 00:00:00.000001",
        "294276-12-31 23:59:59.999999", "infinity"));
  }

  @Test
  void timestamptzComparesInstantsWhateverTheSessionOffset() {
    // PostgreSQL 15 with TimeZone 'Asia/Kolkata' (historic LMT offsets have seconds).
    assertSortsLike(PgTypes.TIMESTAMPTZ, List.of("-infinity", "0044-03-15 17:53:28+05:53:28 BC",
        "1900-01-01 05:21:10+05:21:10", "2024-01-01 05:29:59+05:30", "2024-01-01 05:30:00+05:30",
        "2024-01-01 05:30:00.5+05:30", "infinity"));
    assertEquals(0, compare(PgTypes.TIMESTAMPTZ, "2024-01-01 05:30:00+05:30", "2024-01-01 00:00:00+00"));
    assertEquals(0, compare(PgTypes.TIMESTAMPTZ, "2024-01-01 03:04:05.5+02", "2024-01-01 01:04:05.5+00"));
    assertEquals(0, compare(PgTypes.TIMESTAMPTZ, "2023-12-31 19:00:00-05", "2024-01-01 00:00:00+00"));
    assertEquals(0, compare(PgTypes.TIMESTAMPTZ, "1900-01-01 00:19:32+00:19:32", "1900-01-01 00:00:00+00"));
  }

  @Test
  void intervalsCompareByTotalSpan() {
    // PostgreSQL 15 ORDER BY; '1 mon' = '29 days 24:00:00' = '30 days' = '720:00:00' and '1 year' = '360 days'.
    assertSortsLike(PgTypes.INTERVAL, List.of("-1 days", "-00:00:00.000001", "-1 mons +30 days", "00:00:00",
        "1 mon", "29 days 24:00:00", "30 days", "720:00:00", "1 mon 1 day", "1 year", "360 days"));
    assertEquals(text(PgTypes.INTERVAL, "1 mon"), text(PgTypes.INTERVAL, "30 days"));
    assertEquals(text(PgTypes.INTERVAL, "1 mon").hashCode(), text(PgTypes.INTERVAL, "720:00:00").hashCode());
    assertEquals(new IntervalValue(14, -3, 14_706_500_000L),
        text(PgTypes.INTERVAL, "1 year 2 mons -3 days +04:05:06.5"));
    assertEquals(new IntervalValue(0, 0, -1_500_000L), text(PgTypes.INTERVAL, "-00:00:01.5"));
  }

  @Test
  void binaryAndTextAgree() {
    PgType ts = PgTypes.of(PgTypes.TIMESTAMPTZ);
    PgValue t = text(PgTypes.TIMESTAMPTZ, "2000-01-01 00:00:01+00");
    assertEquals(t, ts.decode(ts.encode(t, Format.BINARY), Format.BINARY));
    assertEquals(new LongValue(1_000_000L), t);
    PgType iv = PgTypes.of(PgTypes.INTERVAL);
    PgValue i = text(PgTypes.INTERVAL, "1 mon -2 days 00:00:03");
    assertEquals(new IntervalValue(1, -2, 3_000_000L), iv.decode(iv.encode(i, Format.BINARY), Format.BINARY));
  }

  @Test
  void textEncodingOfDatesAndTimestamps() {
    for (String s : List.of("2024-02-29", "0044-03-15 BC", "10000-01-01", "infinity", "-infinity")) {
      assertEquals(s, new String(PgTypes.of(PgTypes.DATE).encode(text(PgTypes.DATE, s), Format.TEXT)));
    }
    for (String s : List.of("2024-01-01 00:00:00.000001", "0044-03-15 12:00:00 BC", "1970-01-01 00:00:00")) {
      assertEquals(s, new String(PgTypes.of(PgTypes.TIMESTAMP).encode(text(PgTypes.TIMESTAMP, s), Format.TEXT)));
    }
    assertEquals("23:59:59.5", new String(PgTypes.of(PgTypes.TIME).encode(text(PgTypes.TIME, "23:59:59.5"),
        Format.TEXT)));
  }
}
