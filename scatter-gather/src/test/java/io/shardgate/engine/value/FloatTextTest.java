package io.shardgate.engine.value;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** float4/float8 text output; every expected string is what PostgreSQL 15 printed (extra_float_digits 1). */
class FloatTextTest {
  private static String f8(double d) {
    return new String(PgTypes.of(PgTypes.FLOAT8).encode(new FloatValue(d), Format.TEXT), StandardCharsets.US_ASCII);
  }

  private static String f4(float f) {
    return new String(PgTypes.of(PgTypes.FLOAT4).encode(new FloatValue(f), Format.TEXT), StandardCharsets.US_ASCII);
  }

  @Test
  void float8LikePostgres() {
    assertEquals("0.1", f8(0.1));
    assertEquals("1e+15", f8(1e15));
    assertEquals("100000000000000", f8(1e14));
    assertEquals("123456789012345.6", f8(123456789012345.6));
    assertEquals("0.0001", f8(1e-4));
    assertEquals("1e-05", f8(1e-5));
    assertEquals("0.00012345", f8(0.00012345));
    assertEquals("1.5e+300", f8(1.5e300));
    assertEquals("5e-324", f8(Double.MIN_VALUE));
    assertEquals("-0", f8(-0.0));
    assertEquals("0", f8(0.0));
    assertEquals("9.007199254740992e+15", f8(9007199254740992.0));
    assertEquals("0.3333333333333333", f8(1.0 / 3));
    assertEquals("100", f8(100));
    assertEquals("1e+16", f8(1e16));
    assertEquals("1.23e-18", f8(123e-20));
    assertEquals("NaN", f8(Double.NaN));
    assertEquals("Infinity", f8(Double.POSITIVE_INFINITY));
    assertEquals("-Infinity", f8(Double.NEGATIVE_INFINITY));
    assertEquals("1e+22", f8(1e22));
    // 1e23 is exactly halfway between two doubles; PostgreSQL's Ryu does not accept interval bounds.
    assertEquals("9.999999999999999e+22", f8(1e23));
    assertEquals("1.6666666666666667", f8(5.0 / 3));
    assertEquals("0.15000000223517418", f8(((double) 0.1f + (double) 0.2f) / 2));
  }

  @Test
  void float4LikePostgres() {
    assertEquals("0.1", f4(0.1f));
    assertEquals("100000", f4(1e5f));
    assertEquals("1e+06", f4(1e6f));
    assertEquals("123456", f4(123456f));
    assertEquals("1.234567e+06", f4(1234567f));
    assertEquals("0.0001", f4(1e-4f));
    assertEquals("1e-05", f4(1e-5f));
    assertEquals("3.4028235e+38", f4(Float.MAX_VALUE));
    assertEquals("0.33333334", f4(1f / 3));
    assertEquals("1.6777216e+07", f4(16777216f));
    assertEquals("-0", f4(-0f));
    assertEquals("1.1754944e-38", f4(Float.MIN_NORMAL));
    assertEquals("1e-45", f4(Float.MIN_VALUE));
  }

  @Test
  void textRoundTripsAndBinaryIsIeee() {
    PgType t = PgTypes.of(PgTypes.FLOAT8);
    for (double d : new double[] {0.1, -2.5e-7, 1e300, 123456.789, Math.PI}) {
      assertEquals(new FloatValue(d), t.decode(t.encode(new FloatValue(d), Format.TEXT), Format.TEXT));
      assertEquals(new FloatValue(d), t.decode(t.encode(new FloatValue(d), Format.BINARY), Format.BINARY));
    }
    assertEquals(new FloatValue(Double.NEGATIVE_INFINITY), ValueTestSupport.text(PgTypes.FLOAT8, "-inf"));
  }
}
