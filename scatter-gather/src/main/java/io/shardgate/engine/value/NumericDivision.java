package io.shardgate.engine.value;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * PostgreSQL's numeric division (numeric_div), which avg over integer and numeric inputs ends in: the result
 * scale from select_div_scale (at least NUMERIC_MIN_SIG_DIGITS = 16 significant digits, never less than either
 * input's display scale, at most 1000), then rounding half away from zero at that scale.
 */
public final class NumericDivision {
  private static final int MIN_SIG_DIGITS = 16;
  private static final int DEC_DIGITS = 4;
  private static final int MAX_DISPLAY_SCALE = 1000;

  private NumericDivision() {}

  /** dividend / divisor as numeric_div computes it; the divisor must not be zero. */
  public static BigDecimal divide(BigDecimal dividend, BigDecimal divisor) {
    return dividend.divide(divisor, selectDivScale(dividend, divisor), RoundingMode.HALF_UP);
  }

  /** select_div_scale from numeric.c, on PostgreSQL's base-10000 weights and first digits. */
  static int selectDivScale(BigDecimal v1, BigDecimal v2) {
    int[] a = weightAndFirstDigit(v1);
    int[] b = weightAndFirstDigit(v2);
    int qweight = a[0] - b[0];
    if (a[1] <= b[1]) {
      qweight--;
    }
    int rscale = MIN_SIG_DIGITS - qweight * DEC_DIGITS;
    rscale = Math.max(rscale, Math.max(v1.scale(), 0));
    rscale = Math.max(rscale, Math.max(v2.scale(), 0));
    return Math.min(Math.max(rscale, 0), MAX_DISPLAY_SCALE);
  }

  /**
   * The weight (power of 10000) of the first non-zero base-10000 digit and that digit, as numeric stores
   * them; zero has weight 0 and digit 0.
   */
  static int[] weightAndFirstDigit(BigDecimal v) {
    if (v.signum() == 0) {
      return new int[] {0, 0};
    }
    BigDecimal a = v.abs();
    int exponent = a.precision() - a.scale() - 1; // decimal exponent of the leading digit
    int weight = Math.floorDiv(exponent, DEC_DIGITS);
    int first = a.movePointLeft(weight * DEC_DIGITS).setScale(0, RoundingMode.DOWN).intValueExact();
    return new int[] {weight, first};
  }
}
