package io.shardgate.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.PostgresNodes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** PgHash against a real server's hash functions: random values by the thousand plus edge values, in batches. */
@PostgresNodes(1)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgHashIT {
  private static final long SEED = 20240611L;
  private Connection db;

  @BeforeAll
  void connect(LocalCluster cluster) throws Exception {
    db = DriverManager.getConnection(cluster.node(0).jdbcUrl("postgres"));
  }

  @AfterAll
  void close() throws Exception {
    db.close();
  }

  @Test
  void bigintsMatchHashint8extended() throws Exception {
    Random random = new Random(SEED);
    List<Long> values = new ArrayList<>(List.of(0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1,
        Long.MAX_VALUE - 1, (long) Integer.MIN_VALUE, (long) Integer.MAX_VALUE, Integer.MIN_VALUE - 1L,
        Integer.MAX_VALUE + 1L, (long) Short.MIN_VALUE, (long) Short.MAX_VALUE, 1L << 32, -(1L << 32), 0xffffffffL));
    for (int i = 0; i < 10_000; i++) {
      // A third each of full-width, int4-range and small values, so the high-half folding is exercised both ways.
      values.add(i % 3 == 0 ? random.nextLong() : i % 3 == 1 ? random.nextInt() : random.nextInt(2001) - 1000);
    }
    compare("bigint", "hashint8extended(x, 0)", values, PgHash::hashInt8);
  }

  @Test
  void intsMatchHashint4extendedAndHashint8extended() throws Exception {
    Random random = new Random(SEED + 1);
    List<Integer> values = new ArrayList<>(List.of(0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE,
        (int) Short.MIN_VALUE, (int) Short.MAX_VALUE));
    for (int i = 0; i < 2_000; i++) {
      values.add(random.nextInt());
    }
    compare("integer", "hashint4extended(x, 0)", values, v -> PgHash.hashInt4(v));
    compare("integer", "hashint8extended(x::int8, 0)", values, v -> PgHash.hashInt8(v));
  }

  @Test
  void smallintsMatchHashint2extended() throws Exception {
    List<Integer> values = new ArrayList<>();
    for (int v = Short.MIN_VALUE; v <= Short.MAX_VALUE; v += 97) {
      values.add(v);
    }
    values.addAll(List.of((int) Short.MIN_VALUE, (int) Short.MAX_VALUE, 0, -1));
    compare("integer", "hashint2extended(x::int2, 0)", values, v -> PgHash.hashInt8(v));
  }

  @Test
  void stringsMatchHashtextextended() throws Exception {
    Random random = new Random(SEED + 2);
    List<String> values = new ArrayList<>(List.of("", "a", "hello", "héllo", "日本語のテキスト", "🎉", "a🎉b",
        "Ω≈ç√∫˜µ≤≥÷", "emoji 👩‍👩‍👧‍👦 family", "x".repeat(10_000), "ü".repeat(5_000)));
    for (int len = 0; len <= 40; len++) {
      values.add("k".repeat(len)); // every tail length around the 12-byte blocks
    }
    for (int i = 0; i < 2_000; i++) {
      values.add(randomString(random, random.nextInt(301)));
    }
    compare("text", "hashtextextended(x, 0)", values, PgHash::hashText);
  }

  @Test
  void uuidsMatchUuidHashExtended() throws Exception {
    Random random = new Random(SEED + 3);
    List<UUID> values = new ArrayList<>(List.of(new UUID(0, 0), new UUID(-1, -1), new UUID(Long.MIN_VALUE, 1)));
    for (int i = 0; i < 1_000; i++) {
      values.add(i % 2 == 0 ? new UUID(random.nextLong(), random.nextLong()) : UUID.nameUUIDFromBytes(new byte[] {(byte) i, (byte) (i >> 8)}));
    }
    compare("uuid", "uuid_hash_extended(x, 0)", values, PgHash::hashUuid);
  }

  @Test
  void seededVariantsMatch() throws Exception {
    Random random = new Random(SEED + 4);
    for (long seed : new long[] {1, -1, 42, Long.MIN_VALUE, Long.MAX_VALUE, random.nextLong(), random.nextLong()}) {
      List<Long> longs = new ArrayList<>();
      List<String> strings = new ArrayList<>();
      List<UUID> uuids = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        longs.add(random.nextLong());
        strings.add(randomString(random, random.nextInt(40)));
        uuids.add(new UUID(random.nextLong(), random.nextLong()));
      }
      compare("bigint", "hashint8extended(x, " + seed + ")", longs, v -> PgHash.hashInt8(v, seed));
      compare("bigint", "hashint4extended(x::int4 , " + seed + ")", List.of(0L, 7L, -7L, 1L << 30),
          v -> PgHash.hashInt4(v.intValue(), seed));
      compare("text", "hashtextextended(x, " + seed + ")", strings, v -> PgHash.hashText(v, seed));
      compare("uuid", "uuid_hash_extended(x, " + seed + ")", uuids, v -> PgHash.hashUuid(v, seed));
    }
  }

  /** Sends all values as one array and compares the server's hash of each with Java's. */
  private <T> void compare(String type, String hashExpr, List<T> values, Function<T, Long> java) throws Exception {
    try (PreparedStatement s = db.prepareStatement(
        "SELECT " + hashExpr + " FROM unnest(?::" + type + "[]) WITH ORDINALITY AS u(x, i) ORDER BY i")) {
      s.setArray(1, db.createArrayOf(type.equals("integer") ? "int4" : type.equals("bigint") ? "int8" : type, values.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        int i = 0;
        while (rs.next()) {
          T value = values.get(i++);
          assertEquals(rs.getLong(1), java.apply(value), () -> hashExpr + " of " + type + " " + describe(value));
        }
        assertEquals(values.size(), i);
      }
    }
  }

  private static String describe(Object value) {
    String s = String.valueOf(value);
    return s.length() > 80 ? s.substring(0, 80) + "... (" + s.length() + " chars)" : s;
  }

  /** Mixed ASCII, Latin-1, Greek, CJK and emoji (surrogate pairs); never NUL, never a lone surrogate. */
  static String randomString(Random random, int codePoints) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < codePoints; i++) {
      int kind = random.nextInt(10);
      int cp = kind < 5 ? 0x20 + random.nextInt(0x5f)
          : kind < 6 ? 1 + random.nextInt(0x1f)
          : kind < 7 ? 0xa0 + random.nextInt(0x160)
          : kind < 8 ? 0x370 + random.nextInt(0x90)
          : kind < 9 ? 0x4e00 + random.nextInt(0x5000)
          : 0x1f300 + random.nextInt(0x300);
      out.appendCodePoint(cp);
    }
    return out.toString();
  }
}
