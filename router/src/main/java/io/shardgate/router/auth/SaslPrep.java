package io.shardgate.router.auth;

import java.text.Normalizer;

/**
 * SASLprep (RFC 4013) of a SCRAM password, with PostgreSQL's leniency: a password that SASLprep would
 * reject is used as it is (pg_saslprep, src/common/saslprep.c), so both ends of an exchange derive the
 * same keys.
 *
 * <p>Pure-ASCII passwords are returned untouched, as PostgreSQL does. For others, character
 * properties come from the JDK's Unicode tables rather than RFC 3454's Unicode 3.2 ones; they agree
 * on every character assigned in Unicode 3.2, and differ only for characters assigned later (which
 * PostgreSQL treats as unassigned, hence prohibited, hence "use the raw password").
 */
final class SaslPrep {
  private SaslPrep() {}

  /** The prepared password, or {@code password} itself when SASLprep would prohibit it. */
  static String prepare(String password) {
    if (password.chars().allMatch(c -> c < 0x80)) {
      return password;
    }
    if (!isWellFormed(password)) {
      return password;
    }
    StringBuilder mapped = new StringBuilder(password.length());
    password.codePoints().forEach(cp -> {
      if (isNonAsciiSpace(cp)) {
        mapped.append(' ');
      } else if (!isMappedToNothing(cp)) {
        mapped.appendCodePoint(cp);
      }
    });
    String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
    if (normalized.codePoints().anyMatch(SaslPrep::isProhibited) || !bidiOk(normalized)) {
      return password;
    }
    return normalized;
  }

  private static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** RFC 3454 table C.1.2. */
  private static boolean isNonAsciiSpace(int cp) {
    return cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F
        || cp == 0x3000;
  }

  /** RFC 3454 table B.1. */
  private static boolean isMappedToNothing(int cp) {
    return cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D)
        || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF;
  }

  /** RFC 4013 section 2.3 (tables C.1.2, C.2.1, C.2.2, C.3 to C.9) and 2.5 (unassigned code points). */
  private static boolean isProhibited(int cp) {
    return isNonAsciiSpace(cp)
        || cp < 0x20 || cp == 0x7F                                                   // C.2.1
        || (cp >= 0x80 && cp <= 0x9F) || cp == 0x06DD || cp == 0x070F || cp == 0x180E // C.2.2
        || cp == 0x200C || cp == 0x200D || cp == 0x2028 || cp == 0x2029
        || (cp >= 0x2060 && cp <= 0x2063) || (cp >= 0x206A && cp <= 0x206F) || cp == 0xFEFF
        || (cp >= 0xFFF9 && cp <= 0xFFFC) || (cp >= 0x1D173 && cp <= 0x1D17A)
        || (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xF0000 && cp <= 0xFFFFD)             // C.3
        || (cp >= 0x100000 && cp <= 0x10FFFD)
        || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE                    // C.4
        || (cp >= 0xD800 && cp <= 0xDFFF)                                              // C.5
        || (cp >= 0xFFF9 && cp <= 0xFFFD)                                              // C.6
        || (cp >= 0x2FF0 && cp <= 0x2FFB)                                              // C.7
        || cp == 0x0340 || cp == 0x0341 || cp == 0x200E || cp == 0x200F                // C.8
        || (cp >= 0x202A && cp <= 0x202E)
        || cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F)                            // C.9
        || Character.getType(cp) == Character.UNASSIGNED;                              // A.1
  }

  /** RFC 3454 section 6: right-to-left text must not mix with left-to-right, and must start and end RTL. */
  private static boolean bidiOk(String s) {
    boolean anyRtl = s.codePoints().anyMatch(SaslPrep::isRtl);
    if (!anyRtl) {
      return true;
    }
    if (s.codePoints().anyMatch(cp -> Character.getDirectionality(cp) == Character.DIRECTIONALITY_LEFT_TO_RIGHT)) {
      return false;
    }
    return isRtl(s.codePointAt(0)) && isRtl(s.codePointBefore(s.length()));
  }

  private static boolean isRtl(int cp) {
    byte d = Character.getDirectionality(cp);
    return d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
  }
}
