package io.shardgate.pgwire.message;

import static io.shardgate.pgwire.WireBytes.decodeHex;
import static io.shardgate.pgwire.WireBytes.hex;
import static io.shardgate.pgwire.WireBytes.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.shardgate.pgwire.NoLeaks;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Parse, Bind, Describe, Execute, Close, Sync, Flush and the server's answers to them, byte for byte. */
@ExtendWith(NoLeaks.class)
class ExtendedQueryMessagesTest {
  // Parse: 'P', Int32 len, String statement, String query, Int16 n, Int32 oid * n.
  // "s1\0" 3 + "SELECT $1\0" 10 + 2 + 4 = 19 body bytes, length 23 = 0x17.
  private static final String PARSE = "50 00000017 733100 53454c45435420243100 0001 00000017";
  private static final Parse PARSE_MSG = new Parse("s1", "SELECT $1", List.of(23));

  // Bind: 'B', len, portal "p1\0" 3, statement "s1\0" 3, Int16 3 + formats 0,1,0 (8), Int16 3 params (2),
  // "42" as 00000002 3432 (6), int4 42 as 00000004 0000002a (8), NULL as ffffffff (4), Int16 1 + format 1 (4).
  // 3+3+8+2+6+8+4+4 = 38 body bytes, length 42 = 0x2a.
  private static final String BIND =
      "42 0000002a 703100 733100 0003 0000 0001 0000 0003 00000002 3432 00000004 0000002a ffffffff 0001 0001";
  private static final Bind BIND_MSG = new Bind("p1", "s1", List.of((short) 0, (short) 1, (short) 0),
      Arrays.asList("42".getBytes(), new byte[] {0, 0, 0, 42}, null), List.of((short) 1));

  @Test
  void parseIsExact() {
    assertEquals(hex(PARSE), hex(PARSE_MSG::encode));
    // Unnamed statement, no parameter types: "\0" 1 + "SELECT 1\0" 9 + Int16 0 = 12, length 16.
    assertEquals(hex("50 00000010 00 53454c454354203100 0000"), hex(new Parse("", "SELECT 1", List.of())::encode));
  }

  @Test
  void parseDecodesAndRoundTrips() {
    assertEquals(PARSE_MSG, decodeHex(Parse::decode, PARSE.substring(12)));
    // OIDs are unsigned on the wire; 0xFFFFFFFF survives as its int bits.
    Parse p = new Parse("", "SELECT $1, $2", List.of(0, 0xFFFFFFFF));
    assertEquals(p, roundTrip(p::encode, 'P', Parse::decode));
  }

  @Test
  void bindIsExact() {
    assertEquals(hex(BIND), hex(BIND_MSG::encode));
    // Unnamed portal and statement, nothing else: 1 + 1 + 2 + 2 + 2 = 8 body bytes, length 12.
    assertEquals(hex("42 0000000c 00 00 0000 0000 0000"),
        hex(new Bind("", "", List.of(), List.of(), List.of())::encode));
  }

  @Test
  void bindDecodesAndRoundTrips() {
    Bind decoded = decodeHex(Bind::decode, BIND.substring(12));
    assertEquals(BIND_MSG, decoded);
    assertEquals(null, decoded.parameters().get(2));
    Bind text = Bind.ofText("", "s", "a", null, "");
    assertEquals(text, roundTrip(text::encode, 'B', Bind::decode));
  }

  @Test
  void describeIsExactAndRoundTrips() {
    // 'D', len, Byte1 'S' or 'P', String name.
    assertEquals(hex("44 00000008 53 733100"), hex(Describe.statement("s1")::encode));
    assertEquals(hex("44 00000006 50 00"), hex(Describe.portal("")::encode));
    assertEquals(Describe.portal("p1"), decodeHex(Describe::decode, "50 703100"));
    assertEquals(Describe.statement("s1"), roundTrip(Describe.statement("s1")::encode, 'D', Describe::decode));
  }

  @Test
  void executeIsExactAndRoundTrips() {
    // 'E', len, String portal, Int32 max rows: "p1\0" 3 + 4 = 7, length 11.
    assertEquals(hex("45 0000000b 703100 00000000"), hex(new Execute("p1", 0)::encode));
    assertEquals(hex("45 00000009 00 00000064"), hex(new Execute("", 100)::encode));
    assertEquals(new Execute("", 100), decodeHex(Execute::decode, "00 00000064"));
    assertEquals(new Execute("p", 5), roundTrip(new Execute("p", 5)::encode, 'E', Execute::decode));
  }

  @Test
  void closeIsExactAndRoundTrips() {
    assertEquals(hex("43 00000008 50 703100"), hex(Close.portal("p1")::encode));
    assertEquals(hex("43 00000006 53 00"), hex(Close.statement("")::encode));
    assertEquals(Close.statement("s1"), decodeHex(Close::decode, "53 733100"));
    assertEquals(Close.portal("x"), roundTrip(Close.portal("x")::encode, 'C', Close::decode));
  }

  @Test
  void syncAndFlushAreExactSingletons() {
    assertEquals(hex("53 00000004"), hex(Sync.INSTANCE::encode));
    assertEquals(hex("48 00000004"), hex(Flush.INSTANCE::encode));
    assertSame(Sync.INSTANCE, decodeHex(Sync::decode, ""));
    assertSame(Flush.INSTANCE, decodeHex(Flush::decode, ""));
    assertSame(Sync.INSTANCE, roundTrip(Sync.INSTANCE::encode, 'S', Sync::decode));
    assertSame(Flush.INSTANCE, roundTrip(Flush.INSTANCE::encode, 'H', Flush::decode));
  }

  @Test
  void completionMessagesAreExactSingletons() {
    assertEquals(hex("31 00000004"), hex(ParseComplete.INSTANCE::encode));
    assertEquals(hex("32 00000004"), hex(BindComplete.INSTANCE::encode));
    assertEquals(hex("33 00000004"), hex(CloseComplete.INSTANCE::encode));
    assertEquals(hex("6e 00000004"), hex(NoData.INSTANCE::encode));
    assertEquals(hex("73 00000004"), hex(PortalSuspended.INSTANCE::encode));
    assertSame(ParseComplete.INSTANCE, roundTrip(ParseComplete.INSTANCE::encode, '1', ParseComplete::decode));
    assertSame(BindComplete.INSTANCE, roundTrip(BindComplete.INSTANCE::encode, '2', BindComplete::decode));
    assertSame(CloseComplete.INSTANCE, roundTrip(CloseComplete.INSTANCE::encode, '3', CloseComplete::decode));
    assertSame(NoData.INSTANCE, roundTrip(NoData.INSTANCE::encode, 'n', NoData::decode));
    assertSame(PortalSuspended.INSTANCE, roundTrip(PortalSuspended.INSTANCE::encode, 's', PortalSuspended::decode));
  }

  @Test
  void parameterDescriptionIsExactAndRoundTrips() {
    // 't', len, Int16 2, Int32 23 (int4), Int32 25 (text): 2 + 8 = 10, length 14.
    ParameterDescription pd = new ParameterDescription(List.of(23, 25));
    assertEquals(hex("74 0000000e 0002 00000017 00000019"), hex(pd::encode));
    assertEquals(pd, decodeHex(ParameterDescription::decode, "0002 00000017 00000019"));
    assertEquals(pd, roundTrip(pd::encode, 't', ParameterDescription::decode));
    assertEquals(hex("74 00000006 0000"), hex(new ParameterDescription(List.of())::encode));
  }
}
