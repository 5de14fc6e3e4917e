package io.shardgate.engine.value;

import io.shardgate.engine.EngineException;
import java.time.LocalDate;

/**
 * date, time, timestamp and timestamptz, as PostgreSQL stores them: days or microseconds from 2000-01-01
 * (timestamptz in UTC), infinities at the ends of the integer range. Text is DateStyle ISO output:
 * {@code 2024-01-02 03:04:05.5+02}, {@code 0044-03-15 BC}, {@code infinity}. timestamptz text carries the
 * session's offset; decoding turns it into UTC, so values from sessions with any time zone compare right.
 */
final class DateTimeCodec {
  private static final long POSTGRES_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();
  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final long MICROS_PER_SECOND = 1_000_000L;

  private DateTimeCodec() {}

  static PgValue decodeDate(byte[] bytes, Format format) {
    if (format == Format.BINARY) {
      return new LongValue(CodecSupport.fixed(bytes, 4, "date").getInt());
    }
    String s = CodecSupport.text(bytes).trim();
    return switch (s) {
      case "infinity" -> new LongValue(Integer.MAX_VALUE);
      case "-infinity" -> new LongValue(Integer.MIN_VALUE);
      default -> new LongValue(days(s, "date"));
    };
  }

  static PgValue decodeTime(byte[] bytes, Format format) {
    if (format == Format.BINARY) {
      return new LongValue(CodecSupport.fixed(bytes, 8, "time without time zone").getLong());
    }
    String s = CodecSupport.text(bytes).trim();
    return new LongValue(timeMicros(s, s, "time without time zone"));
  }

  static PgType.Decoder timestampDecoder(boolean withZone) {
    String typeName = withZone ? "timestamp with time zone" : "timestamp without time zone";
    return (bytes, format) -> {
      if (format == Format.BINARY) {
        return new LongValue(CodecSupport.fixed(bytes, 8, typeName).getLong());
      }
      String s = CodecSupport.text(bytes).trim();
      return switch (s) {
        case "infinity" -> new LongValue(Long.MAX_VALUE);
        case "-infinity" -> new LongValue(Long.MIN_VALUE);
        default -> new LongValue(timestampMicros(s, withZone, typeName));
      };
    };
  }

  /** "YYYY-MM-DD HH:MM:SS[.ffffff][+HH[:MM[:SS]]][ BC]" to microseconds from 2000-01-01 (UTC if zoned). */
  private static long timestampMicros(String s, boolean withZone, String typeName) {
    boolean bc = s.endsWith(" BC");
    String body = bc ? s.substring(0, s.length() - 3) : s;
    int space = body.indexOf(' ');
    if (space < 0) {
      throw EngineException.invalidText(typeName, s);
    }
    String time = body.substring(space + 1);
    long offsetSeconds = 0;
    if (withZone) {
      int sign = Math.max(time.indexOf('+'), time.indexOf('-'));
      if (sign < 0) {
        throw EngineException.invalidText(typeName, s);
      }
      offsetSeconds = offsetSeconds(time.substring(sign), s, typeName);
      time = time.substring(0, sign);
    }
    long days = days(body.substring(0, space) + (bc ? " BC" : ""), typeName);
    return days * MICROS_PER_DAY + timeMicros(time, s, typeName) - offsetSeconds * MICROS_PER_SECOND;
  }

  private static long offsetSeconds(String zone, String s, String typeName) {
    String[] parts = zone.substring(1).split(":");
    try {
      long secs = Long.parseLong(parts[0]) * 3600;
      secs += parts.length > 1 ? Long.parseLong(parts[1]) * 60 : 0;
      secs += parts.length > 2 ? Long.parseLong(parts[2]) : 0;
      return zone.charAt(0) == '-' ? -secs : secs;
    } catch (NumberFormatException e) {
      throw EngineException.invalidText(typeName, s);
    }
  }

  /** "YYYY-MM-DD[ BC]" (years may have more than four digits) to days from 2000-01-01. */
  private static long days(String s, String typeName) {
    boolean bc = s.endsWith(" BC");
    String[] ymd = (bc ? s.substring(0, s.length() - 3) : s).split("-");
    try {
      int year = Integer.parseInt(ymd[0]);
      LocalDate date = LocalDate.of(bc ? 1 - year : year, Integer.parseInt(ymd[1]), Integer.parseInt(ymd[2]));
      return date.toEpochDay() - POSTGRES_EPOCH_DAY;
    } catch (RuntimeException e) {
      throw EngineException.invalidText(typeName, s);
    }
  }

  /** "HH:MM:SS[.ffffff]" (hours up to 24) to microseconds. */
  private static long timeMicros(String t, String s, String typeName) {
    String[] hms = t.split(":");
    if (hms.length != 3) {
      throw EngineException.invalidText(typeName, s);
    }
    try {
      long micros = new java.math.BigDecimal(hms[2]).movePointRight(6).longValueExact();
      return (Long.parseLong(hms[0]) * 3600 + Long.parseLong(hms[1]) * 60) * MICROS_PER_SECOND + micros;
    } catch (RuntimeException e) {
      throw EngineException.invalidText(typeName, s);
    }
  }

  static byte[] encodeDate(PgValue value, Format format) {
    long days = ((LongValue) value).value();
    if (format == Format.BINARY) {
      return CodecSupport.int4(days);
    }
    if (days == Integer.MAX_VALUE || days == Integer.MIN_VALUE) {
      return CodecSupport.ascii(days > 0 ? "infinity" : "-infinity");
    }
    return CodecSupport.ascii(dateText(days));
  }

  static byte[] encodeTime(PgValue value, Format format) {
    long micros = ((LongValue) value).value();
    return format == Format.BINARY ? CodecSupport.int8(micros) : CodecSupport.ascii(timeText(micros));
  }

  /** timestamp only: timestamptz text would need the session's time zone. */
  static byte[] encodeTimestamp(PgValue value, Format format) {
    long micros = ((LongValue) value).value();
    if (format == Format.BINARY) {
      return CodecSupport.int8(micros);
    }
    if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
      return CodecSupport.ascii(micros > 0 ? "infinity" : "-infinity");
    }
    long days = Math.floorDiv(micros, MICROS_PER_DAY);
    String date = dateText(days);
    String bc = date.endsWith(" BC") ? " BC" : "";
    return CodecSupport.ascii(date.replace(" BC", "") + " " + timeText(Math.floorMod(micros, MICROS_PER_DAY)) + bc);
  }

  static byte[] encodeTimestamptzBinary(PgValue value, Format format) {
    if (format == Format.TEXT) {
      throw EngineException.unsupportedType(1184, "print (no session time zone)");
    }
    return CodecSupport.int8(((LongValue) value).value());
  }

  private static String dateText(long days) {
    LocalDate d = LocalDate.ofEpochDay(days + POSTGRES_EPOCH_DAY);
    int year = d.getYear();
    boolean bc = year <= 0;
    return String.format("%04d-%02d-%02d%s", bc ? 1 - year : year, d.getMonthValue(), d.getDayOfMonth(),
        bc ? " BC" : "");
  }

  private static String timeText(long micros) {
    long secs = micros / MICROS_PER_SECOND;
    long frac = micros % MICROS_PER_SECOND;
    String base = String.format("%02d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60);
    if (frac == 0) {
      return base;
    }
    String f = String.format("%06d", frac).replaceAll("0+$", "");
    return base + "." + f;
  }
}
