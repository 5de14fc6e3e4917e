package io.shardgate.engine.value;

import io.shardgate.engine.EngineException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;

/**
 * numeric: text as PostgreSQL prints it ("1.50", "NaN", "Infinity"), binary as numeric_send writes it
 * (ndigits, weight, sign, dscale, then base-10000 digits).
 */
final class NumericCodec {
  private static final int POS = 0x0000;
  private static final int NEG = 0x4000;
  private static final int NAN = 0xC000;
  private static final int PINF = 0xD000;
  private static final int NINF = 0xF000;
  private static final BigInteger NBASE = BigInteger.valueOf(10_000);

  private NumericCodec() {}

  static PgValue decode(byte[] bytes, Format format) {
    return format == Format.BINARY ? decodeBinary(bytes) : decodeText(CodecSupport.text(bytes).trim());
  }

  static NumericValue decodeText(String s) {
    switch (s) {
      case "NaN":
        return NumericValue.NAN;
      case "Infinity":
        return NumericValue.POSITIVE_INFINITY;
      case "-Infinity":
        return NumericValue.NEGATIVE_INFINITY;
      default:
        try {
          return NumericValue.of(new BigDecimal(s));
        } catch (NumberFormatException e) {
          throw EngineException.invalidText("numeric", s);
        }
    }
  }

  private static NumericValue decodeBinary(byte[] bytes) {
    if (bytes.length < 8) {
      throw EngineException.invalidBinary("numeric", "header too short");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    int ndigits = b.getShort() & 0xFFFF;
    int weight = b.getShort();
    int sign = b.getShort() & 0xFFFF;
    int dscale = b.getShort() & 0xFFFF;
    if (bytes.length != 8 + 2 * ndigits) {
      throw EngineException.invalidBinary("numeric", "digit count does not match length");
    }
    switch (sign) {
      case NAN:
        return NumericValue.NAN;
      case PINF:
        return NumericValue.POSITIVE_INFINITY;
      case NINF:
        return NumericValue.NEGATIVE_INFINITY;
      case POS:
      case NEG:
        break;
      default:
        throw EngineException.invalidBinary("numeric", "invalid sign");
    }
    BigInteger unscaled = BigInteger.ZERO;
    for (int i = 0; i < ndigits; i++) {
      unscaled = unscaled.multiply(NBASE).add(BigInteger.valueOf(b.getShort()));
    }
    // digit i has weight (weight - i); the last one is 10000^(weight - ndigits + 1).
    BigDecimal v = new BigDecimal(unscaled, (ndigits - 1 - weight) * 4);
    v = v.setScale(dscale, RoundingMode.HALF_UP);
    return NumericValue.of(sign == NEG ? v.negate() : v);
  }

  static byte[] encode(PgValue value, Format format) {
    NumericValue n = (NumericValue) value;
    if (format == Format.TEXT) {
      return CodecSupport.ascii(n.toString());
    }
    return switch (n.kind()) {
      case NAN -> header(0, 0, NAN, 0).array();
      // numeric_send reports dscale 32 for infinities: bits of the short header that it reads as dscale.
      case POSITIVE_INFINITY -> header(0, 0, PINF, 32).array();
      case NEGATIVE_INFINITY -> header(0, 0, NINF, 32).array();
      case FINITE -> encodeFinite(n.decimal());
    };
  }

  private static byte[] encodeFinite(BigDecimal d) {
    int dscale = Math.max(d.scale(), 0);
    if (d.signum() == 0) {
      return header(0, 0, POS, dscale).array();
    }
    // Align the decimal point on a base-10000 digit boundary: scale up to a multiple of 4.
    int fracGroups = (dscale + 3) / 4;
    BigInteger whole = d.abs().setScale(fracGroups * 4).unscaledValue();
    java.util.ArrayDeque<Integer> digits = new java.util.ArrayDeque<>();
    while (whole.signum() > 0) {
      BigInteger[] qr = whole.divideAndRemainder(NBASE);
      digits.addFirst(qr[1].intValue());
      whole = qr[0];
    }
    int weight = digits.size() - 1 - fracGroups;
    while (digits.peekLast() == 0) {
      digits.removeLast();
    }
    while (digits.peekFirst() == 0) {
      digits.removeFirst();
      weight--;
    }
    ByteBuffer b = header(digits.size(), weight, d.signum() < 0 ? NEG : POS, dscale);
    digits.forEach(x -> b.putShort(x.shortValue()));
    return b.array();
  }

  private static ByteBuffer header(int ndigits, int weight, int sign, int dscale) {
    return ByteBuffer.allocate(8 + 2 * ndigits).putShort((short) ndigits).putShort((short) weight)
        .putShort((short) sign).putShort((short) dscale);
  }
}
