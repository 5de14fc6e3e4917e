package io.shardgate.pgwire.message;

import static io.shardgate.pgwire.WireBytes.bytes;
import static io.shardgate.pgwire.WireBytes.decodeHex;
import static io.shardgate.pgwire.WireBytes.hex;
import static io.shardgate.pgwire.WireBytes.roundTrip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shardgate.pgwire.NoLeaks;
import io.shardgate.pgwire.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Authentication requests (MD5, SASL), the client's SASL answers and NegotiateProtocolVersion, byte for byte. */
@ExtendWith(NoLeaks.class)
class StartupPhaseMessagesTest {
  // "SCRAM-SHA-256\0": S C R A M - S H A - 2 5 6 NUL = 14 bytes.
  private static final String SCRAM = "534352414d2d5348412d32353600";

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void authenticationSaslIsExact() {
    // 'R', len, Int32 10, "SCRAM-SHA-256\0", list terminator 00: 4 + 14 + 1 = 19 body bytes, length 23.
    Authentication sasl = Authentication.sasl(List.of("SCRAM-SHA-256"));
    assertEquals(hex("52 00000017 0000000a " + SCRAM + " 00"), hex(sasl::encode));
  }

  @Test
  void authenticationSaslListsItsMechanisms() {
    // "SCRAM-SHA-256-PLUS\0" is SCRAM-SHA-256 followed by "-PLUS" (2d 50 4c 55 53) before the NUL.
    Authentication decoded = decodeHex(Authentication::decode,
        "0000000a 534352414d2d5348412d3235362d504c555300 " + SCRAM + " 00");
    assertEquals(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"), decoded.saslMechanisms());
    Authentication sasl = Authentication.sasl(List.of("SCRAM-SHA-256"));
    assertEquals(sasl, roundTrip(sasl::encode, 'R', Authentication::decode));
    assertEquals(List.of(), Authentication.sasl(List.of()).saslMechanisms());
  }

  @Test
  void authenticationSaslContinueAndFinalAreExact() {
    // 'R', len, Int32 11, "r=abc": 4 + 5 = 9 body bytes, length 13.
    Authentication cont = Authentication.saslContinue(ascii("r=abc"));
    assertEquals(hex("52 0000000d 0000000b 723d616263"), hex(cont::encode));
    assertArrayEquals(ascii("r=abc"), decodeHex(Authentication::decode, "0000000b 723d616263").saslContinueData());
    Authentication fin = Authentication.saslFinal(ascii("v=xyz"));
    assertEquals(hex("52 0000000d 0000000c 763d78797a"), hex(fin::encode));
    assertArrayEquals(ascii("v=xyz"), roundTrip(fin::encode, 'R', Authentication::decode).saslFinalData());
  }

  @Test
  void authenticationMd5CarriesItsSalt() {
    // 'R', len, Int32 5, Byte4 salt: length 12.
    Authentication md5 = Authentication.md5Password(new byte[] {1, 2, 3, 4});
    assertEquals(hex("52 0000000c 00000005 01020304"), hex(md5::encode));
    assertArrayEquals(new byte[] {1, 2, 3, 4}, decodeHex(Authentication::decode, "00000005 01020304").md5Salt());
    assertThrows(IllegalArgumentException.class, () -> Authentication.md5Password(new byte[3]));
    assertThrows(ProtocolException.class, () -> decodeHex(Authentication::decode, "00000005 010203"));
  }

  @Test
  void authenticationOkAndCleartextAreExactAndCompareByValue() {
    assertEquals(hex("52 00000008 00000000"), hex(Authentication.AUTH_OK::encode));
    assertEquals(hex("52 00000008 00000003"), hex(Authentication.cleartextPassword()::encode));
    assertEquals(Authentication.AUTH_OK, decodeHex(Authentication::decode, "00000000"));
  }

  @Test
  void askingTheWrongSubtypeIsACallerError() {
    assertThrows(IllegalStateException.class, () -> Authentication.AUTH_OK.md5Salt());
    assertThrows(IllegalStateException.class, () -> Authentication.AUTH_OK.saslMechanisms());
    assertThrows(IllegalStateException.class, () -> Authentication.saslFinal(new byte[0]).saslContinueData());
    assertThrows(IllegalStateException.class, () -> Authentication.saslContinue(new byte[0]).saslFinalData());
  }

  @Test
  void saslInitialResponseIsExactAndRoundTrips() {
    // 'p', len, "SCRAM-SHA-256\0" 14, Int32 11, "n,,n=,r=abc" 11: 29 body bytes, length 33 = 0x21.
    SASLInitialResponse first = new SASLInitialResponse("SCRAM-SHA-256", ascii("n,,n=,r=abc"));
    assertEquals(hex("70 00000021 " + SCRAM + " 0000000b 6e2c2c6e3d2c723d616263"), hex(first::encode));
    assertEquals(first, decodeHex(SASLInitialResponse::decode, SCRAM + " 0000000b 6e2c2c6e3d2c723d616263"));
    assertEquals(first, roundTrip(first::encode, 'p', SASLInitialResponse::decode));
    assertFalse(first.toString().contains("r=abc"), "SASL data stays out of logs");
  }

  @Test
  void saslInitialResponseWithoutDataSendsMinusOne() {
    // 14 + Int32 -1 = 18 body bytes, length 22 = 0x16.
    SASLInitialResponse none = new SASLInitialResponse("SCRAM-SHA-256", null);
    assertEquals(hex("70 00000016 " + SCRAM + " ffffffff"), hex(none::encode));
    assertNull(decodeHex(SASLInitialResponse::decode, SCRAM + " ffffffff").initialResponse());
    assertEquals(none, roundTrip(none::encode, 'p', SASLInitialResponse::decode));
    assertThrows(ProtocolException.class, () -> decodeHex(SASLInitialResponse::decode, SCRAM + " fffffffe"));
  }

  @Test
  void saslResponseIsExactAndRoundTrips() {
    // 'p', len, "c=biws": 6 body bytes, length 10.
    SASLResponse r = new SASLResponse(ascii("c=biws"));
    assertEquals(hex("70 0000000a 633d62697773"), hex(r::encode));
    assertEquals(r, decodeHex(SASLResponse::decode, "633d62697773"));
    assertEquals(r, roundTrip(r::encode, 'p', SASLResponse::decode));
    assertArrayEquals(bytes("633d62697773"), r.data());
  }

  @Test
  void negotiateProtocolVersionIsExactAndRoundTrips() {
    // 'v', len, Int32 0x00030000 (3.0), Int32 1, "_pq_.x\0" 7: 15 body bytes, length 19.
    NegotiateProtocolVersion v = new NegotiateProtocolVersion(StartupMessage.PROTOCOL_3_0, List.of("_pq_.x"));
    assertEquals(hex("76 00000013 00030000 00000001 5f70715f2e7800"), hex(v::encode));
    assertEquals(v, decodeHex(NegotiateProtocolVersion::decode, "00030000 00000001 5f70715f2e7800"));
    assertEquals(v, roundTrip(v::encode, 'v', NegotiateProtocolVersion::decode));
    assertEquals(0, v.minorVersion());
    assertThrows(ProtocolException.class,
        () -> decodeHex(NegotiateProtocolVersion::decode, "00030000 ffffffff"));
  }
}
