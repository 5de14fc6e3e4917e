package io.shardgate.router.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SaslPrepTest {
  @Test
  void rfc4013Examples() {
    assertEquals("IX", SaslPrep.prepare("I\u00ADX"));   // soft hyphen mapped to nothing
    assertEquals("user", SaslPrep.prepare("user"));
    assertEquals("USER", SaslPrep.prepare("USER"));
    assertEquals("a", SaslPrep.prepare("\u00AA"));      // NFKC
    assertEquals("IX", SaslPrep.prepare("\u2168"));     // NFKC
  }

  @Test
  void nonAsciiSpacesBecomeSpaces() {
    assertEquals("a b", SaslPrep.prepare("a\u00A0b"));
    assertEquals("a b", SaslPrep.prepare("a\u3000b"));
  }

  @Test
  void asciiIsUntouchedEvenWithControlCharacters() {
    assertEquals("se\u0007cret", SaslPrep.prepare("se\u0007cret"));
    assertEquals(" spaced  out ", SaslPrep.prepare(" spaced  out "));
  }

  @Test
  void prohibitedPasswordsAreUsedAsTheyAre() {
    assertEquals("\u00E9\u0007", SaslPrep.prepare("\u00E9\u0007"));           // control character
    assertEquals("\u0627\u0031", SaslPrep.prepare("\u0627\u0031"));           // RTL text ending in a digit
    assertEquals("\u00E9\uE000", SaslPrep.prepare("\u00E9\uE000"));           // private use
    assertEquals("\u00E9\uD800", SaslPrep.prepare("\u00E9\uD800"));           // lone surrogate
  }

  @Test
  void validRightToLeftText() {
    assertEquals("\u0627\u0031\u0628", SaslPrep.prepare("\u0627\u0031\u0628"));
  }
}
