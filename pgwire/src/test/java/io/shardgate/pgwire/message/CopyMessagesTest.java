package io.shardgate.pgwire.message;

import static io.shardgate.pgwire.WireBytes.decodeHex;
import static io.shardgate.pgwire.WireBytes.hex;
import static io.shardgate.pgwire.WireBytes.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shardgate.pgwire.NoLeaks;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The COPY sub-protocol's messages, byte for byte. */
@ExtendWith(NoLeaks.class)
class CopyMessagesTest {
  private static final short T = FormatCode.TEXT;
  private static final short B = FormatCode.BINARY;

  @Test
  void copyDataIsExactInBothDirections() {
    // 'd', len, the bytes "a\n": length 4 + 2 = 6.
    CopyData data = new CopyData(new byte[] {'a', '\n'});
    assertEquals(hex("64 00000006 610a"), hex(data::encode));
    assertEquals(data, decodeHex(CopyData::decode, "610a"));
    assertEquals(data, roundTrip(data::encode, 'd', CopyData::decode));
    // One message, both hierarchies: a proxy relays it without converting.
    assertInstanceOf(FrontendMessage.class, data);
    assertInstanceOf(BackendMessage.class, data);
    assertEquals(hex("64 00000004"), hex(new CopyData(new byte[0])::encode));
  }

  @Test
  void copyDoneIsAnExactSingletonInBothDirections() {
    assertEquals(hex("63 00000004"), hex(CopyDone.INSTANCE::encode));
    assertSame(CopyDone.INSTANCE, decodeHex(CopyDone::decode, ""));
    assertSame(CopyDone.INSTANCE, roundTrip(CopyDone.INSTANCE::encode, 'c', CopyDone::decode));
    assertInstanceOf(FrontendMessage.class, CopyDone.INSTANCE);
    assertInstanceOf(BackendMessage.class, CopyDone.INSTANCE);
  }

  @Test
  void copyFailIsExactAndRoundTrips() {
    // 'f', len, String "boom": 5 body bytes, length 9.
    assertEquals(hex("66 00000009 626f6f6d00"), hex(new CopyFail("boom")::encode));
    assertEquals(new CopyFail("boom"), decodeHex(CopyFail::decode, "626f6f6d00"));
    assertEquals(new CopyFail(""), roundTrip(new CopyFail("")::encode, 'f', CopyFail::decode));
  }

  @Test
  void copyInResponseIsExactAndRoundTrips() {
    // 'G', len, Int8 0, Int16 2, Int16 0, Int16 0: 7 body bytes, length 11.
    CopyInResponse in = CopyInResponse.text(2);
    assertEquals(new CopyInResponse(T, List.of(T, T)), in);
    assertEquals(hex("47 0000000b 00 0002 0000 0000"), hex(in::encode));
    assertEquals(in, decodeHex(CopyInResponse::decode, "00 0002 0000 0000"));
    assertEquals(in, roundTrip(in::encode, 'G', CopyInResponse::decode));
  }

  @Test
  void copyOutResponseIsExactAndRoundTrips() {
    // 'H', len, Int8 1 (binary), Int16 1, Int16 1: 5 body bytes, length 9.
    CopyOutResponse out = new CopyOutResponse(B, List.of(B));
    assertEquals(hex("48 00000009 01 0001 0001"), hex(out::encode));
    assertEquals(out, decodeHex(CopyOutResponse::decode, "01 0001 0001"));
    assertEquals(out, roundTrip(out::encode, 'H', CopyOutResponse::decode));
  }

  @Test
  void copyBothResponseIsExactAndRoundTrips() {
    // 'W', len, Int8 0, Int16 0 (replication streams announce no columns): 3 body bytes, length 7.
    CopyBothResponse both = new CopyBothResponse(T, List.of());
    assertEquals(hex("57 00000007 00 0000"), hex(both::encode));
    assertEquals(both, decodeHex(CopyBothResponse::decode, "00 0000"));
    assertEquals(both, roundTrip(both::encode, 'W', CopyBothResponse::decode));
  }

  @Test
  void overallFormatIsTextOrBinary() {
    assertThrows(IllegalArgumentException.class, () -> new CopyInResponse((short) 2, List.of()));
  }
}
