package io.shardgate.engine.value;

import io.shardgate.engine.EngineException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;

/**
 * interval: text in the default IntervalStyle "postgres" ({@code 1 year 2 mons -3 days +04:05:06.5}),
 * binary as interval_send writes it (microseconds int8, days int4, months int4).
 */
final class IntervalCodec {
  private IntervalCodec() {}

  static PgValue decode(byte[] bytes, Format format) {
    if (format == Format.BINARY) {
      ByteBuffer b = CodecSupport.fixed(bytes, 16, "interval");
      long micros = b.getLong();
      int days = b.getInt();
      return new IntervalValue(b.getInt(), days, micros);
    }
    return parse(CodecSupport.text(bytes).trim());
  }

  private static IntervalValue parse(String s) {
    String[] tokens = s.split(" +");
    long months = 0;
    long days = 0;
    long micros = 0;
    try {
      for (int i = 0; i < tokens.length; i++) {
        String t = tokens[i];
        if (t.contains(":")) {
          micros += time(t);
          continue;
        }
        long n = Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
        String unit = tokens[++i];
        switch (unit) {
          case "year", "years" -> months += n * 12;
          case "mon", "mons" -> months += n;
          case "day", "days" -> days += n;
          default -> throw new NumberFormatException(unit);
        }
      }
      return new IntervalValue(Math.toIntExact(months), Math.toIntExact(days), micros);
    } catch (RuntimeException e) {
      throw new EngineException(EngineException.INVALID_TEXT, "invalid input syntax for type interval: \"" + s + "\"",
          null, "Only IntervalStyle 'postgres' (the default) can be merged.");
    }
  }

  /** "[+-]H:MM:SS[.ffffff]", hours unbounded. */
  private static long time(String t) {
    boolean negative = t.startsWith("-");
    String[] hms = (negative || t.startsWith("+") ? t.substring(1) : t).split(":");
    long micros = (Long.parseLong(hms[0]) * 3600 + Long.parseLong(hms[1]) * 60) * 1_000_000L
        + (hms.length > 2 ? new BigDecimal(hms[2]).movePointRight(6).longValueExact() : 0);
    return negative ? -micros : micros;
  }

  /** Binary only: the text form is not needed for any result the engine computes. */
  static byte[] encode(PgValue value, Format format) {
    if (format == Format.TEXT) {
      throw EngineException.unsupportedType(1186, "print");
    }
    IntervalValue v = (IntervalValue) value;
    return ByteBuffer.allocate(16).putLong(v.micros()).putInt(v.days()).putInt(v.months()).array();
  }
}
