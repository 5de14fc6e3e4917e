package io.shardgate.router.fanout.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The suite's rows, the same on every run (seeded): NULLs in every nullable column, many duplicates, skewed keys
 * (a few accounts own most events; ids cluster in a narrow range plus extremes), non-ASCII text, numeric edge
 * values (scale, sign, zero, NaN and infinities of float8, int2/int4 bounds), infinite dates and timestamps.
 */
final class SuiteData {
  static final int ACCOUNTS = 2500;
  static final int EVENTS = 6000;
  static final int DEVICES = 1200;

  static final String[] NAMES = {"alice", "bob", "Bob", "carol", "Zoë", "zoe", "Ærøskøbing", "müller", "Müller",
      "日本", "😀 smile", "", " lead", "a", "A", "b", "dave", "eve", "mallory", "trent", "peggy", "victor",
      "walter", "o'brien", "back\\slash", "quote\"d", "tab\there", "ünïcödé", "Ωmega", "zz"};
  static final String[] REGIONS = {"eu", "us", "apac", "latam", "EU", "af"};
  static final String[] SCORES = {"0", "-0.001", "999999999.999", "-999999999.999", "1.5", "1.50", "2.25", "-7",
      "123.456", "0.001", "42", "3.333"};
  // no -0 next to 0, no 1.0 next to 1 in jsonb: equal values of different spellings make PostgreSQL's choice of
  // which one DISTINCT, GROUP BY, min and max show arbitrary. No float whose square overflows: PostgreSQL's avg of
  // floats then fails or not depending on whether it read an infinity first (see docs/adr/0008-fanout-merge-semantics.md)
  static final String[] BALANCES = {"NaN", "Infinity", "-Infinity", "0", "1e150", "-1e-300", "0.1", "0.2",
      "1.5", "-2.75", "1000000.125"};
  static final String[] TAGS = {"{}", "{a,b}", "{b}", "{a}", "{NULL}", "{a,NULL}", "{\"x y\",z}", "{b,a}"};
  static final String[] PROFILES = {"{\"a\": 1}", "[]", "null", "{\"b\": [1, 2]}", "\"s\"", "{}",
      "{\"a\": {\"c\": true}}", "[1, \"x\"]", "2"};
  static final String[] BLOBS = {"\\x", "\\x00ff", "\\x00", "\\xdeadbeef", "\\xff"};
  static final String[] DATES = {"2020-02-29", "1999-12-31", "2024-01-01", "infinity", "-infinity", "1970-01-01",
      "2000-01-01", "4713-01-01 BC"};
  static final String[] AMOUNTS = {"0", "-0.001", "99999999999999.999999", "-7", "0.505", "1e-20", "123456789"};
  static final String[] KINDS = {"click", "view", "buy", "refund", "Click", "évènement"};
  static final String[] MODELS = {"x1", "x2", "y", "Y", "zeta", "ß-model"};

  private SuiteData() {}

  static List<Long> accountIds() {
    Random r = new Random(7);
    List<Long> ids = new ArrayList<>();
    ids.add(Long.MIN_VALUE);
    ids.add(Long.MAX_VALUE);
    ids.add(0L);
    ids.add(-1L);
    java.util.Set<Long> seen = new java.util.HashSet<>(ids);
    while (ids.size() < ACCOUNTS) {
      long id = r.nextInt(10) < 7 ? 1000 + r.nextInt(5000) : r.nextLong() / (1 + r.nextInt(1000));
      if (seen.add(id)) {
        ids.add(id);
      }
    }
    return ids;
  }

  static String accounts() {
    Random r = new Random(11);
    StringBuilder csv = new StringBuilder();
    for (long id : accountIds()) {
      row(csv, Long.toString(id),
          nullOr(r, 8, pick(r, NAMES)),
          nullOr(r, 10, pick(r, REGIONS)),
          nullOr(r, 10, r.nextInt(3) == 0 ? pick(r, SCORES) : (r.nextInt(200000) - 100000) / 1000.0 + ""),
          nullOr(r, 10, r.nextInt(4) == 0 ? pick(r, BALANCES) : Double.toString((r.nextInt(2000000) - 1000000) / 64.0)),
          nullOr(r, 10, Float.toString((r.nextInt(2000) - 1000) / 8.0f)),
          nullOr(r, 12, r.nextBoolean() ? "t" : "f"),
          nullOr(r, 10, r.nextInt(5) == 0 ? pick(r, DATES) : "2021-01-01"
              .replace("01-01", String.format("%02d-%02d", 1 + r.nextInt(12), 1 + r.nextInt(28)))),
          nullOr(r, 10, r.nextInt(20) == 0 ? "infinity"
              : String.format("2023-%02d-%02d %02d:%02d:%02d.%03d+%02d", 1 + r.nextInt(12), 1 + r.nextInt(28),
                  r.nextInt(24), r.nextInt(60), r.nextInt(60), r.nextInt(1000), r.nextInt(12))),
          nullOr(r, 10, pick(r, TAGS)),
          nullOr(r, 10, pick(r, PROFILES)),
          nullOr(r, 10, new UUID(r.nextInt(8), r.nextInt(50)).toString()),
          nullOr(r, 10, r.nextInt(10) == 0 ? (r.nextBoolean() ? "32767" : "-32768") : Integer.toString(r.nextInt(40) - 20)),
          nullOr(r, 10, r.nextInt(15) == 0 ? (r.nextBoolean() ? "2147483647" : "-2147483648")
              : Integer.toString(r.nextInt(25))),
          nullOr(r, 10, pick(r, BLOBS)),
          nullOr(r, 10, pick(r, NAMES) + r.nextInt(3)),
          nullOr(r, 10, pick(r, new String[] {"ab", "ab ", "x", "xyz", "Ab"})));
    }
    return csv.toString();
  }

  static String events() {
    Random r = new Random(13);
    List<Long> ids = accountIds();
    StringBuilder csv = new StringBuilder();
    java.util.Map<Long, Integer> seq = new java.util.HashMap<>();
    for (int i = 0; i < EVENTS; i++) {
      long account = r.nextInt(10) < 4 ? ids.get(4 + r.nextInt(5)) : ids.get(r.nextInt(ids.size()));
      int s = seq.merge(account, 1, Integer::sum);
      row(csv, Long.toString(account), Integer.toString(s), nullOr(r, 8, pick(r, KINDS)),
          nullOr(r, 8, r.nextInt(6) == 0 ? pick(r, AMOUNTS) : r.nextInt(10000) + "." + (10 + r.nextInt(90))),
          nullOr(r, 8, String.format("2024-%02d-%02d %02d:%02d:00", 1 + r.nextInt(12), 1 + r.nextInt(28),
              r.nextInt(24), r.nextInt(60))));
    }
    return csv.toString();
  }

  static String devices() {
    Random r = new Random(17);
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < DEVICES; i++) {
      String serial = (i % 7 == 0 ? "Ä" : i % 5 == 0 ? "s" : "S") + Integer.toString(i * 7919 % 100000, 36);
      row(csv, serial, nullOr(r, 8, pick(r, NAMES)), nullOr(r, 8, pick(r, MODELS)),
          nullOr(r, 8, r.nextInt(5) == 0 ? "0.00" : (r.nextInt(100000) / 100.0) + ""),
          nullOr(r, 8, Float.toString(r.nextInt(5000) / 16.0f)),
          nullOr(r, 8, pick(r, DATES)));
    }
    return csv.toString();
  }

  static final String REGION_ROWS = "INSERT INTO regions VALUES ('eu', 'Europe'), ('us', 'United States'), "
      + "('apac', 'Asia-Pacific'), ('latam', 'Latin America'), ('EU', 'Europe (upper)'), ('xx', NULL)";

  private static String pick(Random r, String[] values) {
    return values[r.nextInt(values.length)];
  }

  private static String nullOr(Random r, int oneIn, String value) {
    return r.nextInt(oneIn) == 0 ? null : value;
  }

  /** One CSV line: NULL as nothing, every value quoted (so '' stays an empty string). */
  private static void row(StringBuilder csv, String... values) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        csv.append(',');
      }
      if (values[i] != null) {
        csv.append('"').append(values[i].replace("\"", "\"\"")).append('"');
      }
    }
    csv.append('\n');
  }
}
