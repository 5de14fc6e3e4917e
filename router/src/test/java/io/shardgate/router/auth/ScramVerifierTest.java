package io.shardgate.router.auth;

import static io.shardgate.router.auth.ScramTestVectors.PG15_SECRET_VERIFIER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScramVerifierTest {
  @Test
  void derivesExactlyWhatPostgresStores() {
    ScramVerifier stored = ScramVerifier.parse(PG15_SECRET_VERIFIER);
    assertEquals(4096, stored.iterations());
    assertEquals(16, stored.salt().length);
    ScramVerifier derived = ScramVerifier.fromPassword("secret", stored.salt(), stored.iterations());
    assertEquals(stored, derived);
    assertEquals(PG15_SECRET_VERIFIER, derived.encode());
  }

  @Test
  void saslPrepsPasswordsAsPostgresDoes() {
    ScramVerifier stored = ScramVerifier.parse(ScramTestVectors.PG15_UNICODE_VERIFIER);
    assertEquals(stored, ScramVerifier.fromPassword(ScramTestVectors.UNICODE_PASSWORD, stored.salt(), 4096));
    assertEquals(stored, ScramVerifier.fromPassword("IXcaf\u00e9 x!", stored.salt(), 4096));
    assertNotEquals(stored, ScramVerifier.fromPassword("IXcafe x!", stored.salt(), 4096));
  }

  @Test
  void randomSaltWithPostgresDefaults() {
    ScramVerifier a = ScramVerifier.fromPassword("secret");
    ScramVerifier b = ScramVerifier.fromPassword("secret");
    assertEquals(4096, a.iterations());
    assertEquals(16, a.salt().length);
    assertNotEquals(a, b);
    assertEquals(a, ScramVerifier.parse(a.encode()));
  }

  @Test
  void mockVerifiersHaveAStableSaltPerUserAndRandomKeys() {
    ScramVerifier first = ScramVerifier.mock("ghost");
    ScramVerifier second = ScramVerifier.mock("ghost");
    assertArrayEquals(first.salt(), second.salt());
    assertFalse(java.util.Arrays.equals(first.storedKey(), second.storedKey()));
    assertFalse(java.util.Arrays.equals(first.salt(), ScramVerifier.mock("phantom").salt()));
  }

  @Test
  void badVerifiersAreRejectedWithoutEchoingThem() {
    String[] bad = {
        "md5abc",
        "SCRAM-SHA-256$4096:c2FsdA==",
        "SCRAM-SHA-256$many:c2FsdA==$oyKmD35JIlJ2amxlqljiXwRArV9lKHox9vK8yq9nCVc=:SNkK4IDMpi62k0dz1biDEvAGZdQiMxNRhOgTfBolBUY=",
        "SCRAM-SHA-256$0:c2FsdA==$oyKmD35JIlJ2amxlqljiXwRArV9lKHox9vK8yq9nCVc=:SNkK4IDMpi62k0dz1biDEvAGZdQiMxNRhOgTfBolBUY=",
        "SCRAM-SHA-256$4096:c2FsdA==$b3Q=:SNkK4IDMpi62k0dz1biDEvAGZdQiMxNRhOgTfBolBUY=",
        "SCRAM-SHA-256$4096:!!!$oyKmD35JIlJ2amxlqljiXwRArV9lKHox9vK8yq9nCVc=:SNkK4IDMpi62k0dz1biDEvAGZdQiMxNRhOgTfBolBUY=",
        "SCRAM-SHA-256$4096:$oyKmD35JIlJ2amxlqljiXwRArV9lKHox9vK8yq9nCVc=:SNkK4IDMpi62k0dz1biDEvAGZdQiMxNRhOgTfBolBUY=",
    };
    for (String text : bad) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScramVerifier.parse(text), text);
      assertFalse(e.getMessage().contains("SNkK4"), e.getMessage());
    }
  }

  @Test
  void toStringHidesTheKeys() {
    String s = ScramVerifier.parse(PG15_SECRET_VERIFIER).toString();
    assertTrue(s.contains("4096"));
    assertFalse(s.contains("oyKm") || s.contains("SNkK") || s.contains("7qH8"), s);
  }
}
