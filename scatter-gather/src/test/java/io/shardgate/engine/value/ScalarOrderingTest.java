package io.shardgate.engine.value;

import static io.shardgate.engine.value.ValueTestSupport.assertSortsLike;
import static io.shardgate.engine.value.ValueTestSupport.compare;
import static io.shardgate.engine.value.ValueTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Orders of the non-temporal scalar types; every expected order is what ORDER BY returned on PostgreSQL 15. */
class ScalarOrderingTest {
  @Test
  void integers() {
    assertSortsLike(PgTypes.INT8, List.of("-9223372036854775808", "-1", "0", "1", "42", "9223372036854775807"));
    assertSortsLike(PgTypes.INT2, List.of("-32768", "-2", "7", "32767"));
    assertSortsLike(PgTypes.INT4, List.of("-2147483648", "0", "9", "10", "2147483647"));
    assertEquals(-1, compare(PgTypes.INT4, "9", "10"), "numeric, not text, order");
  }

  @Test
  void oidIsUnsigned() {
    // PostgreSQL 15: ORDER BY over 0, 1, 16384, 2147483647, 2147483648, 4294967295::oid.
    assertSortsLike(PgTypes.OID, List.of("0", "1", "16384", "2147483647", "2147483648", "4294967295"));
    PgValue big = PgTypes.of(PgTypes.OID).decode(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        Format.BINARY);
    assertEquals(text(PgTypes.OID, "4294967295"), big);
  }

  @Test
  void numericSpecialsAndScales() {
    // PostgreSQL 15 ORDER BY; 1.0 and 1.00 are equal there (their order is the input's).
    assertSortsLike(PgTypes.NUMERIC, List.of("-Infinity", "-5", "0", "0.00000000000000000001", "1.0", "1.00",
        "99999999999999999999999", "Infinity", "NaN"));
    assertEquals(0, compare(PgTypes.NUMERIC, "1.0", "1.00"));
    assertEquals(text(PgTypes.NUMERIC, "1.0"), text(PgTypes.NUMERIC, "1.000"));
    assertEquals(text(PgTypes.NUMERIC, "1.0").hashCode(), text(PgTypes.NUMERIC, "1.000").hashCode());
    assertEquals(text(PgTypes.NUMERIC, "0").hashCode(), text(PgTypes.NUMERIC, "0.000").hashCode());
    assertEquals(0, compare(PgTypes.NUMERIC, "NaN", "NaN"), "NaN = NaN in numeric");
  }

  @Test
  void float8NaNInfinityAndNegativeZero() {
    // PostgreSQL 15 ORDER BY (0, 0 and -0 are one equal run).
    assertSortsLike(PgTypes.FLOAT8, List.of("-Infinity", "-1e+308", "0", "0", "-0", "1e-300", "1", "Infinity",
        "NaN"));
    assertEquals(0, compare(PgTypes.FLOAT8, "-0", "0"));
    assertEquals(text(PgTypes.FLOAT8, "-0").hashCode(), text(PgTypes.FLOAT8, "0").hashCode());
    assertEquals(0, compare(PgTypes.FLOAT8, "NaN", "NaN"));
    assertEquals(1, compare(PgTypes.FLOAT8, "NaN", "Infinity"));
  }

  @Test
  void float4() {
    assertSortsLike(PgTypes.FLOAT4, List.of("-Infinity", "-1.5", "0", "-0", "1e-45", "1.5", "3.4028235e+38",
        "Infinity", "NaN"));
  }

  @Test
  void textIsCCollationByteOrder() {
    // PostgreSQL 15: ORDER BY x COLLATE "C": uppercase before lowercase, non-ASCII after ASCII by code point.
    List<String> pg = List.of("", "B", "Z", "a", "a b", "aa", "ab", "e", "z", "ä", "é", "日本");
    for (int oid : new int[] {PgTypes.TEXT, PgTypes.VARCHAR, PgTypes.NAME}) {
      assertSortsLike(oid, pg);
    }
    assertSortsLike(PgTypes.NAME, List.of("Alpha", "Zeta", "_x", "alpha", "ärger"));
    assertEquals(-1, compare(PgTypes.TEXT, "a", "ä"), "0x61 < 0xC3: bytes are unsigned");
  }

  @Test
  void bpcharIgnoresTrailingSpaces() {
    // PostgreSQL 15: 'ab '::bpchar(4) and 'ab' sort as equals; 'a b' before them.
    assertSortsLike(PgTypes.BPCHAR, List.of("a", "a b", "ab  ", "ab", "abc"));
    assertEquals(text(PgTypes.BPCHAR, "abc  "), text(PgTypes.BPCHAR, "abc"));
    assertNotEquals(text(PgTypes.TEXT, "abc  "), text(PgTypes.TEXT, "abc"));
  }

  @Test
  void byteaHexAndEscapeForms() {
    assertSortsLike(PgTypes.BYTEA, List.of("\\x", "\\x00", "\\x0000", "\\x0001", "\\x7f", "\\x80", "\\xdeadbeef",
        "\\xff"));
    assertEquals(text(PgTypes.BYTEA, "\\xdeadbeef"), text(PgTypes.BYTEA, "\\336\\255\\276\\357"));
    assertEquals(text(PgTypes.BYTEA, "\\x615c"), text(PgTypes.BYTEA, "a\\\\"));
  }

  @Test
  void uuidIsMemcmpNotJavaSignedOrder() {
    assertSortsLike(PgTypes.UUID, List.of("00000000-0000-0000-0000-000000000001",
        "7fffffff-ffff-ffff-ffff-ffffffffffff", "80000000-0000-0000-0000-000000000000",
        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "ffffffff-ffff-ffff-ffff-ffffffffffff"));
    assertEquals(text(PgTypes.UUID, "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"),
        text(PgTypes.UUID, "a0eebc999c0b4ef8bb6d6bb9bd380a11"));
  }

  @Test
  void bool() {
    assertSortsLike(PgTypes.BOOL, List.of("f", "t"));
    assertEquals(BoolValue.TRUE, PgTypes.of(PgTypes.BOOL).decode(new byte[] {1}, Format.BINARY));
  }
}
