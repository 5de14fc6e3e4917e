package io.shardgate.engine.value;

import io.shardgate.engine.EngineException;

/** float4 and float8: text as PostgreSQL prints it with extra_float_digits = 1 (shortest exact), IEEE binary. */
final class FloatCodec {
  private FloatCodec() {}

  static PgType.Decoder decoder(boolean single) {
    String typeName = single ? "real" : "double precision";
    return (bytes, format) -> {
      if (format == Format.BINARY) {
        return single ? new FloatValue(CodecSupport.fixed(bytes, 4, typeName).getFloat())
            : new FloatValue(CodecSupport.fixed(bytes, 8, typeName).getDouble());
      }
      String s = CodecSupport.text(bytes).trim();
      try {
        return new FloatValue(single ? Float.parseFloat(pgSpelling(s)) : Double.parseDouble(pgSpelling(s)));
      } catch (NumberFormatException e) {
        throw EngineException.invalidText(typeName, s);
      }
    };
  }

  /** PostgreSQL also accepts inf / -inf / nan in any case; Java only its own spellings. */
  private static String pgSpelling(String s) {
    return switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "nan" -> "NaN";
      case "inf", "infinity", "+inf", "+infinity" -> "Infinity";
      case "-inf", "-infinity" -> "-Infinity";
      default -> s;
    };
  }

  static PgType.Encoder encoder(boolean single) {
    return (value, format) -> {
      double d = ((FloatValue) value).value();
      if (single) {
        float f = (float) d;
        return format == Format.TEXT ? CodecSupport.ascii(ShortestDecimal.format(f))
            : CodecSupport.int4(Float.floatToRawIntBits(f));
      }
      return format == Format.TEXT ? CodecSupport.ascii(ShortestDecimal.format(d))
          : CodecSupport.int8(Double.doubleToRawLongBits(d));
    };
  }
}
