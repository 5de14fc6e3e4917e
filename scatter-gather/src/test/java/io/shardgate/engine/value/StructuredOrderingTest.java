package io.shardgate.engine.value;

import static io.shardgate.engine.value.ValueTestSupport.assertSortsLike;
import static io.shardgate.engine.value.ValueTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shardgate.engine.EngineException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Orders of arrays, jsonb and json; expected orders are what ORDER BY returned on PostgreSQL 15. */
class StructuredOrderingTest {
  @Test
  void int4ArraysElementWiseThenLengthThenDimensionsThenBounds() {
    assertSortsLike(1007, List.of("{}", "{0,5,6}", "{1}", "[0:1]={1,2}", "{1,2}", "{1,2,3,4}", "{{1,2,3,4}}",
        "{{1,2},{3,4}}", "[2:3][1:2]={{1,2},{3,4}}", "{1,3}", "{1,NULL}", "{2}", "{NULL}", "{NULL,1}"));
    assertNotEquals(text(1007, "[0:1]={1,2}"), text(1007, "{1,2}"));
  }

  @Test
  void textArraysInCOrder() {
    // PostgreSQL 15: ORDER BY x::text[] COLLATE "C".
    assertSortsLike(1009, List.of("{}", "{\"\"}", "{B}", "{a}", "{a,b}", "{a,NULL}", "{\"a b\"}", "{ä}",
        "{NULL,x}"));
    ArrayValue quoted = (ArrayValue) text(1009, "{\"a,b\",\" c \",\"x\\\"y\",\"NULL\",NULL}");
    assertEquals(List.of(BytesValue.of("a,b"), BytesValue.of(" c "), BytesValue.of("x\"y"), BytesValue.of("NULL")),
        java.util.Arrays.asList(quoted.elements()).subList(0, 4));
    assertEquals(null, quoted.elements()[4]);
  }

  @Test
  void arraysOfOtherElementTypes() {
    assertEquals(text(1231, "{1.0,NaN}"), text(1231, "{1.00,NaN}"));
    assertEquals(text(1001, "{\"\\\\x00ff\"}"), ArrayValue.of(new BytesValue(new byte[] {0, (byte) 0xff})));
    assertEquals(-1, Integer.signum(text(1187, "{\"1 day\",\"-1 mons\"}").compareTo(text(1187, "{\"1 mon\"}"))));
    assertEquals(text(1115, "{\"2024-01-01 10:00:00\"}"), ArrayValue.of(new LongValue(757_418_400_000_000L)));
    assertEquals(-1, Integer.signum(text(1016, "{{1,2},{3,4}}").compareTo(text(1016, "{{1,2},{3,5}}"))));
  }

  @Test
  void binaryArray() {
    // int4[] '[0:1]={7,NULL}' as array_send writes it.
    ByteBuffer b = ByteBuffer.allocate(36).putInt(1).putInt(1).putInt(PgTypes.INT4).putInt(2).putInt(0)
        .putInt(4).putInt(7).putInt(-1);
    PgValue v = PgTypes.of(1007).decode(java.util.Arrays.copyOf(b.array(), 32), Format.BINARY);
    assertEquals(text(1007, "[0:1]={7,NULL}"), v);
  }

  @Test
  void jsonbOrder() {
    // PostgreSQL 15 ORDER BY over jsonb: '[]' below 'null' (raw scalars are one-element arrays), then
    // strings < numbers < booleans < arrays < objects; 1 = 1.0.
    assertSortsLike(PgTypes.JSONB, List.of("[]", "null", "\"a\"", "\"ab\"", "\"b\"", "1", "1.0", "2", "false", "true",
        "[null]", "[\"a\"]", "[1]", "[2]", "[[]]", "[{}]", "[1, 2]", "{}", "{\"a\": null}", "{\"a\": 1}",
        "{\"a\": []}", "{\"aa\": 1}", "{\"b\": 1}", "{\"a\": 1, \"b\": 1}", "{\"a\": 1, \"b\": 2}",
        "{\"b\": 0, \"aa\": 1}"));
  }

  @Test
  void jsonbEqualityIsSemantic() {
    assertEquals(text(PgTypes.JSONB, "{\"b\": 1, \"a\": [1.0, \"x\"]}"),
        text(PgTypes.JSONB, "{\"a\":[1,\"x\"],\"b\":1.00}"));
    assertEquals(text(PgTypes.JSONB, "{\"a\": 1, \"a\": 2}"), text(PgTypes.JSONB, "{\"a\": 2}"), "last key wins");
    assertEquals(text(PgTypes.JSONB, "\"\\u00e4\""), text(PgTypes.JSONB, "\"ä\""));
    byte[] binary = "\u0001{\"a\": 1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(text(PgTypes.JSONB, "{\"a\":1}"), PgTypes.of(PgTypes.JSONB).decode(binary, Format.BINARY));
  }

  @Test
  void jsonHasNoOrderingOrEquality() {
    EngineException order = assertThrows(EngineException.class, () -> PgTypes.of(PgTypes.JSON).requireOrdering());
    assertEquals("42883", order.sqlState());
    assertEquals("could not identify an ordering operator for type json", order.getMessage());
    EngineException eq = assertThrows(EngineException.class, () -> PgTypes.of(199).requireEquality());
    assertEquals("could not identify an equality operator for type json[]", eq.getMessage());
  }

  @Test
  void unknownTypeIsFeatureNotSupported() {
    EngineException e = assertThrows(EngineException.class, () -> PgTypes.of(600, "sort"));
    assertEquals("0A000", e.sqlState());
  }
}
