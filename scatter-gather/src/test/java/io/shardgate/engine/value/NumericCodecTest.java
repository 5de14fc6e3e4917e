package io.shardgate.engine.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** numeric's binary form; every expected byte string is numeric_send's output on PostgreSQL 15. */
class NumericCodecTest {
  private static final PgType NUMERIC = PgTypes.of(PgTypes.NUMERIC);

  private static void assertSend(String text, String hex) {
    PgValue v = ValueTestSupport.text(PgTypes.NUMERIC, text);
    byte[] expected = HexFormat.of().parseHex(hex);
    assertArrayEquals(expected, NUMERIC.encode(v, Format.BINARY), text);
    PgValue back = NUMERIC.decode(expected, Format.BINARY);
    assertEquals(text, new String(NUMERIC.encode(back, Format.TEXT)), "scale survives the binary round trip");
  }

  @Test
  void binaryLikeNumericSend() {
    assertSend("0", "0000000000000000");
    assertSend("0.00", "0000000000000002");
    assertSend("1.5", "000200000000000100011388");
    assertSend("-12345.6789", "0003000140000004000109291a85");
    assertSend("10000", "00010001000000000001");
    assertSend("NaN", "00000000c0000000");
    assertSend("Infinity", "00000000d0000020");
    assertSend("-Infinity", "00000000f0000020");
    assertSend("0.0001", "0001ffff000000040001");
    assertSend("123456789.123", "0004000200000003000109291a8504ce");
  }

  @Test
  void textKeepsDisplayScale() {
    assertEquals("1.50", new String(NUMERIC.encode(NumericValue.of(new BigDecimal("1.50")), Format.TEXT)));
    assertEquals("100", new String(NUMERIC.encode(NumericValue.of(new BigDecimal("1E+2")), Format.TEXT)));
  }

  @Test
  void additionFollowsNumericRules() {
    NumericValue one = NumericValue.of(new BigDecimal("1.5"));
    assertEquals("3.625", one.add(NumericValue.of(new BigDecimal("2.125"))).toString());
    assertEquals(NumericValue.NAN, one.add(NumericValue.NAN));
    assertEquals(NumericValue.POSITIVE_INFINITY, one.add(NumericValue.POSITIVE_INFINITY));
    assertEquals(NumericValue.NAN, NumericValue.POSITIVE_INFINITY.add(NumericValue.NEGATIVE_INFINITY));
  }
}
