package io.shardgate.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Vectors computed by a real PostgreSQL 15.18 server (see PgHashIT for the randomized comparison). */
class PgHashTest {
  @Test
  void int8MatchesHashint8extended() {
    assertEquals(-3670598878359251130L, PgHash.hashInt8(1));
    assertEquals(4154612158245552303L, PgHash.hashInt8(0));
    assertEquals(-1888257769727981238L, PgHash.hashInt8(-1));
    assertEquals(-9109110466470504941L, PgHash.hashInt8(Long.MIN_VALUE));
    assertEquals(1977219185673256887L, PgHash.hashInt8(Long.MAX_VALUE));
    assertEquals(8455483389771436374L, PgHash.hashInt8(Short.MIN_VALUE));
  }

  @Test
  void int4AndInt8AgreeInInt4Range() {
    assertEquals(-9082176226831438310L, PgHash.hashInt4(-5));
    assertEquals(-9082176226831438310L, PgHash.hashInt8(-5));
    assertEquals(-9109110466470504941L, PgHash.hashInt4(Integer.MAX_VALUE));
    assertEquals(1977219185673256887L, PgHash.hashInt4(Integer.MIN_VALUE));
    assertEquals(PgHash.hashInt4(Integer.MIN_VALUE), PgHash.hashInt8(Integer.MIN_VALUE));
  }

  @Test
  void seedsPerturbTheState() {
    assertEquals(3069212791777980624L, PgHash.hashInt8(42, 7));
    assertEquals(-7489022057657942967L, PgHash.hashInt8(123456789012L, -1));
    assertEquals(-8774897055449208758L, PgHash.hashText("abc", 12345));
    assertEquals(6124917397840352371L, PgHash.hashUuid(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), 99));
  }

  @Test
  void textMatchesHashtextextendedAcrossBlockBoundaries() {
    assertEquals(-6939563903564495251L, PgHash.hashText(""));
    assertEquals(3449563369152288809L, PgHash.hashText("hello"));
    assertEquals(3112909444737856467L, PgHash.hashText("abcdefghijk"));
    assertEquals(-7556637188122330412L, PgHash.hashText("abcdefghijkl"));
    assertEquals(8871624171452417744L, PgHash.hashText("abcdefghijklm"));
    assertEquals(-1933194731779935345L, PgHash.hashText("abcdefghijklmnopqrstuvwx"));
    assertEquals(-2866487628948787489L, PgHash.hashText("hello world!"));
    assertEquals(8017244151533194421L, PgHash.hashText("héllo wörld 🎉"));
  }

  @Test
  void uuidMatchesUuidHashExtended() {
    assertEquals(7543054272012930821L, PgHash.hashUuid(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")));
    assertEquals(-6859010066814654381L, PgHash.hashUuid(new UUID(0, 0)));
  }

  @Test
  void bytesWithOffsetHashOnlyTheSlice() {
    byte[] padded = "xxhello worldyy".getBytes(StandardCharsets.UTF_8);
    assertEquals(PgHash.hashText("hello world"), PgHash.hashBytes(padded, 2, 11, 0));
    assertEquals(PgHash.hashText("hello"), PgHash.hashBytes("hello".getBytes(StandardCharsets.UTF_8)));
  }
}
