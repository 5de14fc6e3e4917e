package io.shardgate.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyTypeTest {
  @Test
  void parsesPostgresSpellingsIgnoringCase() {
    assertEquals(KeyType.SMALLINT, KeyType.parse("int2"));
    assertEquals(KeyType.SMALLINT, KeyType.parse("SmallInt"));
    assertEquals(KeyType.INTEGER, KeyType.parse("int4"));
    assertEquals(KeyType.INTEGER, KeyType.parse("INT"));
    assertEquals(KeyType.INTEGER, KeyType.parse("integer"));
    assertEquals(KeyType.BIGINT, KeyType.parse("int8"));
    assertEquals(KeyType.BIGINT, KeyType.parse(" BIGINT "));
    assertEquals(KeyType.TEXT, KeyType.parse("Text"));
    assertEquals(KeyType.VARCHAR, KeyType.parse("varchar"));
    assertEquals(KeyType.VARCHAR, KeyType.parse("Character  Varying"));
    assertEquals(KeyType.UUID, KeyType.parse("UUID"));
  }

  @Test
  void unknownTypeIsNamedWithTheAllowedOnes() {
    TopologyException e = assertThrows(TopologyException.class, () -> KeyType.parse("numeric"));
    assertTrue(e.getMessage().contains("'numeric'"), e.getMessage());
    for (String allowed : new String[] {"smallint", "int2", "integer", "int", "int4", "bigint", "int8", "text", "varchar",
        "character varying", "uuid"}) {
      assertTrue(e.getMessage().contains(allowed), e.getMessage());
    }
    assertEquals(TopologyException.CONFIG_ERROR, e.sqlState());
  }

  @Test
  void integerTextIsReadAsPostgresReadsIt() {
    long h42 = PgHash.hashInt8(42);
    assertEquals(h42, KeyType.BIGINT.hashOfText("42"));
    assertEquals(h42, KeyType.BIGINT.hashOfText(" 42"));
    assertEquals(h42, KeyType.BIGINT.hashOfText("+42 "));
    assertEquals(h42, KeyType.BIGINT.hashOfText("\t\n42\r\f"));
    assertEquals(h42, KeyType.BIGINT.hashOfText("0042"));
    assertEquals(h42, KeyType.BIGINT.hashOfText("0x2A"));
    assertEquals(h42, KeyType.BIGINT.hashOfText("0o52"));
    assertEquals(h42, KeyType.BIGINT.hashOfText("0b10_1010"));
    assertEquals(PgHash.hashInt8(1_000_000), KeyType.INTEGER.hashOfText("1_000_000"));
    assertEquals(PgHash.hashInt8(-42), KeyType.SMALLINT.hashOfText("-42"));
    assertEquals(PgHash.hashInt8(Long.MIN_VALUE), KeyType.BIGINT.hashOfText("-9223372036854775808"));
    assertEquals(PgHash.hashInt8(Long.MAX_VALUE), KeyType.BIGINT.hashOfText("9223372036854775807"));
    assertEquals(PgHash.hashInt8(Integer.MIN_VALUE), KeyType.INTEGER.hashOfText("-2147483648"));
    assertEquals(PgHash.hashInt8(Short.MIN_VALUE), KeyType.SMALLINT.hashOfText("-32768"));
  }

  @Test
  void badIntegerTextFailsWithPostgresErrors() {
    for (String bad : new String[] {"", " ", "4 2", "42x", "+-1", "- 1", "_1", "1_", "1__0", "0x", "0xg", "1.0", "1e3",
        "٤٢" /* Arabic-Indic digits */, "４２" /* full-width */}) {
      TopologyException e = assertThrows(TopologyException.class, () -> KeyType.BIGINT.hashOfText(bad), bad);
      assertEquals(TopologyException.INVALID_TEXT, e.sqlState(), bad);
      assertEquals("invalid input syntax for type bigint: \"" + bad + "\"", e.getMessage());
    }
    for (String[] range : new String[][] {{"bigint", "9223372036854775808"}, {"bigint", "-9223372036854775809"},
        {"bigint", "99999999999999999999x"}, {"integer", "2147483648"}, {"integer", "-2147483649"},
        {"smallint", "32768"}, {"smallint", "-32769"}, {"bigint", "0x8000000000000000"}}) {
      TopologyException e = assertThrows(TopologyException.class, () -> KeyType.parse(range[0]).hashOfText(range[1]));
      assertEquals(TopologyException.OUT_OF_RANGE, e.sqlState(), range[1]);
      assertEquals("value \"" + range[1] + "\" is out of range for type " + range[0], e.getMessage());
    }
  }

  @Test
  void javaValuesHashByTheirNumberAndAreRangeChecked() {
    assertEquals(PgHash.hashInt8(7), KeyType.BIGINT.hashOf(7L));
    assertEquals(PgHash.hashInt8(7), KeyType.BIGINT.hashOf(7));
    assertEquals(PgHash.hashInt8(7), KeyType.SMALLINT.hashOf((short) 7));
    assertEquals(PgHash.hashInt8(7), KeyType.INTEGER.hashOf((byte) 7));
    assertEquals(PgHash.hashInt8(7), KeyType.INTEGER.hashOf("7"));
    assertEquals(PgHash.hashInt8(Long.MIN_VALUE), KeyType.BIGINT.hashOf(BigInteger.valueOf(Long.MIN_VALUE)));
    assertEquals(TopologyException.OUT_OF_RANGE,
        assertThrows(TopologyException.class, () -> KeyType.SMALLINT.hashOf(40_000)).sqlState());
    assertEquals(TopologyException.OUT_OF_RANGE,
        assertThrows(TopologyException.class, () -> KeyType.INTEGER.hashOf(1L << 31)).sqlState());
    assertEquals(TopologyException.OUT_OF_RANGE,
        assertThrows(TopologyException.class, () -> KeyType.BIGINT.hashOf(BigInteger.ONE.shiftLeft(63))).sqlState());
    assertEquals(TopologyException.DATATYPE_MISMATCH,
        assertThrows(TopologyException.class, () -> KeyType.BIGINT.hashOf(1.5)).sqlState());
    assertEquals(TopologyException.NULL_VALUE,
        assertThrows(TopologyException.class, () -> KeyType.BIGINT.hashOf(null)).sqlState());
  }

  @Test
  void textAndUuidValues() {
    assertEquals(PgHash.hashText(" a b "), KeyType.TEXT.hashOfText(" a b "));
    assertEquals(PgHash.hashText("ü"), KeyType.VARCHAR.hashOf(new StringBuilder("ü")));
    assertEquals(TopologyException.DATATYPE_MISMATCH,
        assertThrows(TopologyException.class, () -> KeyType.TEXT.hashOf(42)).sqlState());
    UUID u = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    long h = PgHash.hashUuid(u);
    assertEquals(h, KeyType.UUID.hashOf(u));
    assertEquals(h, KeyType.UUID.hashOfText("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
    assertEquals(h, KeyType.UUID.hashOfText("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"));
    assertEquals(h, KeyType.UUID.hashOfText("{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}"));
    assertEquals(h, KeyType.UUID.hashOfText("a0eebc999c0b4ef8bb6d6bb9bd380a11"));
    assertEquals(h, KeyType.UUID.hashOfText("a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11"));
    for (String bad : new String[] {"", " a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1",
        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11",
        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11-", "a-0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}) {
      TopologyException e = assertThrows(TopologyException.class, () -> KeyType.UUID.hashOfText(bad), bad);
      assertEquals("invalid input syntax for type uuid: \"" + bad + "\"", e.getMessage());
    }
    assertThrows(TopologyException.class, () -> KeyType.TEXT.hashOfText("a\0b"));
  }

  @Test
  void sqlHashNamesThePostgresFunction() {
    assertEquals("hashint8extended(t.user_id, 0)", KeyType.BIGINT.sqlHash("t.user_id"));
    assertEquals("hashint8extended(t.user_id, 0)", KeyType.INTEGER.sqlHash("t.user_id"));
    assertEquals("hashint8extended(t.user_id, 0)", KeyType.SMALLINT.sqlHash("t.user_id"));
    assertEquals("hashtextextended(t.name, 0)", KeyType.TEXT.sqlHash("t.name"));
    assertEquals("hashtextextended(t.name, 0)", KeyType.VARCHAR.sqlHash("t.name"));
    assertEquals("uuid_hash_extended(t.id, 0)", KeyType.UUID.sqlHash("t.id"));
  }

  @Test
  void columnTypesThatHashAlike() {
    assertTrue(KeyType.BIGINT.fitsColumnType("integer"));
    assertTrue(KeyType.SMALLINT.fitsColumnType("bigint"));
    assertFalse(KeyType.BIGINT.fitsColumnType("text"));
    assertTrue(KeyType.TEXT.fitsColumnType("character varying"));
    assertFalse(KeyType.TEXT.fitsColumnType("uuid"));
    assertTrue(KeyType.UUID.fitsColumnType("uuid"));
  }
}
