package io.shardgate.topology;

import java.util.UUID;

/**
 * PostgreSQL's input functions for the shard-key types, as {@code int2in}, {@code int4in},
 * {@code int8in} and {@code uuid_in} read text: the same accepted forms, the same errors.
 *
 * <p>Integers follow PostgreSQL 16 and later (surrounding whitespace, a sign, decimal or
 * {@code 0x}/{@code 0o}/{@code 0b} digits with single underscores between them), a superset of
 * PostgreSQL 15's decimal-only form: a value only a newer server accepts still routes where that
 * server would store it, and an older server then rejects the statement itself.
 */
final class PgInput {
  private PgInput() {}

  /** Parses {@code s} as an integer of {@code bits} (16, 32 or 64) bits named {@code typeName}. */
  static long parseInteger(String s, int bits, String typeName) {
    int n = s.length();
    int p = 0;
    while (p < n && isSpace(s.charAt(p))) {
      p++;
    }
    boolean negative = false;
    if (p < n && (s.charAt(p) == '-' || s.charAt(p) == '+')) {
      negative = s.charAt(p) == '-';
      p++;
    }
    int radix = 10;
    if (p + 1 < n && s.charAt(p) == '0') {
      char prefix = s.charAt(p + 1);
      radix = prefix == 'x' || prefix == 'X' ? 16 : prefix == 'o' || prefix == 'O' ? 8 : prefix == 'b' || prefix == 'B' ? 2 : 10;
      if (radix != 10) {
        p += 2;
      }
    }
    // Magnitudes up to 2^(bits-1) + radix fit an unsigned 64-bit long; overflow is caught digit by
    // digit as PostgreSQL does, so "99999999999x" is out of range, not a syntax error.
    long guard = Long.divideUnsigned(1L << (bits - 1), radix);
    long magnitude = 0;
    int first = p;
    while (p < n) {
      char ch = s.charAt(p);
      int digit = digit(ch, radix);
      if (digit >= 0) {
        if (Long.compareUnsigned(magnitude, guard) > 0) {
          throw TopologyException.outOfRange(typeName, s);
        }
        magnitude = magnitude * radix + digit;
        p++;
      } else if (ch == '_') {
        // An underscore separates digits: never first in a decimal number, always followed by a digit.
        if (radix == 10 && p == first) {
          throw TopologyException.invalidInput(typeName, s);
        }
        p++;
        if (p >= n || digit(s.charAt(p), radix) < 0) {
          throw TopologyException.invalidInput(typeName, s);
        }
      } else {
        break;
      }
    }
    if (p == first) {
      throw TopologyException.invalidInput(typeName, s);
    }
    while (p < n && isSpace(s.charAt(p))) {
      p++;
    }
    if (p != n) {
      throw TopologyException.invalidInput(typeName, s);
    }
    long limit = negative ? 1L << (bits - 1) : (1L << (bits - 1)) - 1; // 1L << 63 is 2^63 unsigned
    if (Long.compareUnsigned(magnitude, limit) > 0) {
      throw TopologyException.outOfRange(typeName, s);
    }
    return negative ? -magnitude : magnitude;
  }

  /**
   * Parses {@code s} as {@code uuid_in} does: 32 hex digits, optionally in braces, with an optional
   * hyphen after any group of four digits; nothing else, not even whitespace.
   */
  static UUID parseUuid(String s) {
    int p = 0;
    int n = s.length();
    boolean braces = n > 0 && s.charAt(0) == '{';
    if (braces) {
      p++;
    }
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 16; i++) {
      if (p + 1 >= n) {
        throw TopologyException.invalidInput("uuid", s);
      }
      int hi = digit(s.charAt(p), 16);
      int lo = digit(s.charAt(p + 1), 16);
      if (hi < 0 || lo < 0) {
        throw TopologyException.invalidInput("uuid", s);
      }
      p += 2;
      if (i < 8) {
        msb = msb << 8 | hi << 4 | lo;
      } else {
        lsb = lsb << 8 | hi << 4 | lo;
      }
      if (p < n && s.charAt(p) == '-' && i % 2 == 1 && i < 15) {
        p++;
      }
    }
    if (braces) {
      if (p >= n || s.charAt(p) != '}') {
        throw TopologyException.invalidInput("uuid", s);
      }
      p++;
    }
    if (p != n) {
      throw TopologyException.invalidInput("uuid", s);
    }
    return new UUID(msb, lsb);
  }

  /** C's isspace in the C locale: the server sees bytes, and no byte of a multibyte character is a space. */
  private static boolean isSpace(char ch) {
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\u000B';
  }

  /** An ASCII digit's value in {@code radix}, or -1 (Unicode digits are not digits to PostgreSQL). */
  private static int digit(char ch, int radix) {
    int v;
    if (ch >= '0' && ch <= '9') {
      v = ch - '0';
    } else if (ch >= 'a' && ch <= 'f') {
      v = ch - 'a' + 10;
    } else if (ch >= 'A' && ch <= 'F') {
      v = ch - 'A' + 10;
    } else {
      return -1;
    }
    return v < radix ? v : -1;
  }
}
