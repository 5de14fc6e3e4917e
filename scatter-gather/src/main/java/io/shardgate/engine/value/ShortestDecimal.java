package io.shardgate.engine.value;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * PostgreSQL's float output with extra_float_digits &gt; 0 (its Ryu port): the fewest significant digits that
 * lie strictly inside the value's rounding interval (PostgreSQL's Ryu does not accept the interval's bounds),
 * the closest such if several; fixed notation for decimal exponents -4..14 (float8) or -4..5 (float4), else
 * {@code d.ddde+XX} with at least two exponent digits.
 */
final class ShortestDecimal {
  private static final BigDecimal HALF_DIVISOR = BigDecimal.valueOf(2);

  private ShortestDecimal() {}

  static String format(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d) || d == 0) {
      return special(d);
    }
    double a = Math.abs(d);
    double up = Math.nextUp(a);
    BigDecimal low = mid(Math.nextDown(a), a);
    BigDecimal high = Double.isInfinite(up) ? new BigDecimal(a).add(new BigDecimal(Math.ulp(a)).divide(HALF_DIVISOR))
        : mid(a, up);
    return (d < 0 ? "-" : "") + layout(shortest(new BigDecimal(a), low, high, 17), 15);
  }

  static String format(float f) {
    if (Float.isNaN(f) || Float.isInfinite(f) || f == 0) {
      return special(f);
    }
    float a = Math.abs(f);
    float up = Math.nextUp(a);
    BigDecimal low = mid(Math.nextDown(a), a);
    BigDecimal high = Float.isInfinite(up) ? new BigDecimal(a).add(new BigDecimal(Math.ulp(a)).divide(HALF_DIVISOR))
        : mid(a, up);
    return (f < 0 ? "-" : "") + layout(shortest(new BigDecimal(a), low, high, 9), 6);
  }

  private static String special(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    return 1 / d < 0 ? "-0" : "0";
  }

  private static BigDecimal mid(double a, double b) {
    return new BigDecimal(a).add(new BigDecimal(b)).divide(HALF_DIVISOR);
  }

  /** The shortest decimal strictly between low and high, closest to exact. */
  private static BigDecimal shortest(BigDecimal exact, BigDecimal low, BigDecimal high, int maxDigits) {
    for (int p = 1; p <= maxDigits + 1; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      BigDecimal unit = BigDecimal.ONE.scaleByPowerOfTen(r.precision() - r.scale() - p);
      BigDecimal best = null;
      for (BigDecimal c : new BigDecimal[] {r, r.subtract(unit), r.add(unit)}) {
        if (c.compareTo(low) > 0 && c.compareTo(high) < 0
            && (best == null || c.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
          best = c;
        }
      }
      if (best != null) {
        return best.stripTrailingZeros();
      }
    }
    return exact.round(new MathContext(maxDigits, RoundingMode.HALF_EVEN)).stripTrailingZeros();
  }

  private static String layout(BigDecimal v, int fixedBelow) {
    String digits = v.unscaledValue().toString();
    int exp = digits.length() - 1 - v.scale();
    if (exp >= -4 && exp < fixedBelow) {
      return v.toPlainString();
    }
    StringBuilder sb = new StringBuilder().append(digits.charAt(0));
    if (digits.length() > 1) {
      sb.append('.').append(digits, 1, digits.length());
    }
    sb.append('e').append(exp < 0 ? '-' : '+');
    int e = Math.abs(exp);
    return sb.append(e < 10 ? "0" : "").append(e).toString();
  }
}
