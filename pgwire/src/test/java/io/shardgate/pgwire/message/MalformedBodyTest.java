package io.shardgate.pgwire.message;

import static io.shardgate.pgwire.WireBytes.body;
import static io.shardgate.pgwire.WireBytes.decodeHex;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.shardgate.pgwire.Frame;
import io.shardgate.pgwire.NoLeaks;
import io.shardgate.pgwire.ProtocolException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Truncated, padded, mutated and random bodies fed to every decoder: the only failure allowed is a
 * ProtocolException (08P01 for the client), never an IndexOutOfBoundsException or another runtime error.
 */
@ExtendWith(NoLeaks.class)
class MalformedBodyTest {
  private static final int ROUNDS = 400;

  /**
   * A decoder and a valid sample body. {@code exact} means the layout leaves no slack: every proper prefix
   * and any trailing byte are malformed (false for messages whose last field runs to the end of the body).
   */
  record Case(Function<ByteBuf, ?> decoder, byte[] sample, boolean exact) {}

  private static Named<Case> exact(String name, Function<ByteBuf, ?> decoder, Consumer<ByteBuf> encoder, char type) {
    return Named.of(name, new Case(decoder, body(encoder, type), true));
  }

  private static Named<Case> loose(String name, Function<ByteBuf, ?> decoder, byte[] sample) {
    return Named.of(name, new Case(decoder, sample, false));
  }

  static Stream<Named<Case>> decoders() {
    Bind bind = new Bind("p1", "s1", List.of((short) 0, (short) 1), Arrays.asList("42".getBytes(), null),
        List.of((short) 1));
    return Stream.of(
        // Frontend
        exact("Query", Query::decode, new Query("SELECT 1")::encode, 'Q'),
        exact("PasswordMessage", PasswordMessage::decode, new PasswordMessage("secret")::encode, 'p'),
        exact("Parse", Parse::decode, new Parse("s1", "SELECT $1, $2", List.of(23, 25))::encode, 'P'),
        exact("Bind", Bind::decode, bind::encode, 'B'),
        exact("Describe", Describe::decode, Describe.portal("p1")::encode, 'D'),
        exact("Execute", Execute::decode, new Execute("p1", 0)::encode, 'E'),
        exact("Close", Close::decode, Close.statement("s1")::encode, 'C'),
        exact("Sync", Sync::decode, Sync.INSTANCE::encode, 'S'),
        exact("Flush", Flush::decode, Flush.INSTANCE::encode, 'H'),
        exact("Terminate", Terminate::decode, Terminate.INSTANCE::encode, 'X'),
        exact("CopyDone", CopyDone::decode, CopyDone.INSTANCE::encode, 'c'),
        exact("CopyFail", CopyFail::decode, new CopyFail("boom")::encode, 'f'),
        exact("SASLInitialResponse", SASLInitialResponse::decode,
            new SASLInitialResponse("SCRAM-SHA-256", "n,,n=,r=abc".getBytes())::encode, 'p'),
        exact("SASLInitialResponse without data", SASLInitialResponse::decode,
            new SASLInitialResponse("SCRAM-SHA-256", null)::encode, 'p'),
        loose("CopyData", CopyData::decode, new byte[] {1, 2, 3}),
        loose("SASLResponse", SASLResponse::decode, "c=biws".getBytes()),
        // Backend
        exact("AuthenticationOk", Authentication::decode, Authentication.AUTH_OK::encode, 'R'),
        exact("AuthenticationMD5Password", Authentication::decode,
            Authentication.md5Password(new byte[] {1, 2, 3, 4})::encode, 'R'),
        exact("AuthenticationSASL", Authentication::decode,
            Authentication.sasl(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"))::encode, 'R'),
        loose("AuthenticationSASLContinue", Authentication::decode,
            body(Authentication.saslContinue("r=abc".getBytes())::encode, 'R')),
        exact("ParameterStatus", ParameterStatus::decode, new ParameterStatus("a", "b")::encode, 'S'),
        exact("BackendKeyData", BackendKeyData::decode, new BackendKeyData(42, 7)::encode, 'K'),
        exact("ReadyForQuery", ReadyForQuery::decode, ReadyForQuery.IDLE::encode, 'Z'),
        exact("ErrorResponse", ErrorResponse::decode,
            ErrorResponse.of("ERROR", "42P01", "no table", "d", "h")::encode, 'E'),
        exact("NoticeResponse", NoticeResponse::decode, new NoticeResponse(Map.of('S', "NOTICE"))::encode, 'N'),
        exact("CommandComplete", CommandComplete::decode, new CommandComplete("SELECT 1")::encode, 'C'),
        exact("EmptyQueryResponse", EmptyQueryResponse::decode, EmptyQueryResponse.INSTANCE::encode, 'I'),
        exact("RowDescription", RowDescription::decode, new RowDescription(
            List.of(RowDescription.Field.text("a"), RowDescription.Field.text("bc")))::encode, 'T'),
        exact("DataRow", DataRow::decode, DataRow.ofText("a", null, "")::encode, 'D'),
        exact("ParseComplete", ParseComplete::decode, ParseComplete.INSTANCE::encode, '1'),
        exact("BindComplete", BindComplete::decode, BindComplete.INSTANCE::encode, '2'),
        exact("CloseComplete", CloseComplete::decode, CloseComplete.INSTANCE::encode, '3'),
        exact("NoData", NoData::decode, NoData.INSTANCE::encode, 'n'),
        exact("PortalSuspended", PortalSuspended::decode, PortalSuspended.INSTANCE::encode, 's'),
        exact("ParameterDescription", ParameterDescription::decode,
            new ParameterDescription(List.of(23, 25))::encode, 't'),
        exact("NotificationResponse", NotificationResponse::decode,
            new NotificationResponse(1, "c", "p")::encode, 'A'),
        exact("NegotiateProtocolVersion", NegotiateProtocolVersion::decode,
            new NegotiateProtocolVersion(StartupMessage.PROTOCOL_3_0, List.of("_pq_.a", "_pq_.b"))::encode, 'v'),
        exact("CopyInResponse", CopyInResponse::decode, CopyInResponse.text(2)::encode, 'G'),
        exact("CopyOutResponse", CopyOutResponse::decode,
            new CopyOutResponse(FormatCode.BINARY, List.of(FormatCode.BINARY))::encode, 'H'),
        exact("CopyBothResponse", CopyBothResponse::decode, CopyBothResponse.text(0)::encode, 'W'),
        // Startup phase (no type byte): the version word is read by StartupDecoder.
        loose("StartupMessage", b -> StartupMessage.decode(StartupMessage.PROTOCOL_3_0, b),
            "user\0u\0database\0d\0\0".getBytes()));
  }

  /** Decodes {@code body}; returns normally on success or a ProtocolException, fails on anything else. */
  private static void decodeAllowingOnlyProtocolErrors(Case c, byte[] body) {
    ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(body.length).writeBytes(body);
    try {
      c.decoder().apply(buf);
    } catch (ProtocolException expected) {
      // the one acceptable failure
    } catch (RuntimeException e) {
      fail("threw " + e + " for body " + ByteBufUtil.hexDump(body), e);
    } finally {
      buf.release();
    }
  }

  private static void assertRefused(Case c, byte[] body) {
    ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(body.length).writeBytes(body);
    try {
      assertThrows(ProtocolException.class, () -> c.decoder().apply(buf), () -> "body " + ByteBufUtil.hexDump(body));
    } finally {
      buf.release();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decoders")
  void everyTruncationIsAProtocolError(Case c) {
    for (int length = 0; length < c.sample().length; length++) {
      byte[] prefix = Arrays.copyOf(c.sample(), length);
      if (c.exact()) {
        assertRefused(c, prefix);
      } else {
        decodeAllowingOnlyProtocolErrors(c, prefix);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decoders")
  void trailingBytesAreAProtocolError(Case c) {
    byte[] padded = Arrays.copyOf(c.sample(), c.sample().length + 1);
    if (c.exact()) {
      assertRefused(c, padded);
    } else {
      decodeAllowingOnlyProtocolErrors(c, padded);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decoders")
  void mutatedBodiesOnlyEverFailAsProtocolErrors(Case c) {
    Random random = new Random(c.sample().length * 31L + 7);
    byte[] edges = {0, (byte) 0xFF, 0x7F, (byte) 0x80, 1, (byte) 0xFE};
    for (int round = 0; round < ROUNDS; round++) {
      byte[] body = c.sample().clone();
      if (body.length == 0) {
        body = new byte[] {edges[random.nextInt(edges.length)]};
      }
      for (int k = 1 + random.nextInt(3); k > 0; k--) {
        body[random.nextInt(body.length)] =
            random.nextBoolean() ? edges[random.nextInt(edges.length)] : (byte) random.nextInt(256);
      }
      if (random.nextInt(4) == 0) {
        body = Arrays.copyOf(body, random.nextInt(body.length + 1));
      }
      decodeAllowingOnlyProtocolErrors(c, body);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decoders")
  void randomBytesOnlyEverFailAsProtocolErrors(Case c) {
    Random random = new Random(c.sample().length * 17L + 3);
    for (int round = 0; round < ROUNDS; round++) {
      byte[] body = new byte[random.nextInt(48)];
      random.nextBytes(body);
      decodeAllowingOnlyProtocolErrors(c, body);
    }
  }

  @Test
  void randomFramesThroughTheDispatchersOnlyFailAsProtocolErrors() {
    Random random = new Random(42);
    for (int round = 0; round < 20_000; round++) {
      byte[] body = new byte[random.nextInt(24)];
      random.nextBytes(body);
      for (boolean frontend : new boolean[] {true, false}) {
        Frame f = new Frame((byte) random.nextInt(256), ByteBufAllocator.DEFAULT.buffer(body.length).writeBytes(body));
        try {
          if (frontend) {
            FrontendMessages.decode(f);
          } else {
            BackendMessages.decode(f);
          }
        } catch (ProtocolException expected) {
          // fine
        } catch (RuntimeException e) {
          fail(f + " " + ByteBufUtil.hexDump(body) + " threw " + e, e);
        } finally {
          f.release();
        }
      }
    }
  }

  private static void assertProtocolError(Function<ByteBuf, ?> decoder, String bodyHex, String messagePart) {
    ProtocolException e = assertThrows(ProtocolException.class, () -> decodeHex(decoder, bodyHex));
    assertTrue(e.getMessage().contains(messagePart), "\"" + e.getMessage() + "\" lacks \"" + messagePart + "\"");
  }

  @Test
  void namedMalformations() {
    // Bind: a parameter length of -2 (only -1, NULL, may be negative).
    assertProtocolError(Bind::decode, "00 00 0000 0001 fffffffe 0000", "invalid length -2 of parameter 1");
    // Bind: 65535 parameters declared, 6 bytes left; refused before allocating anything.
    assertProtocolError(Bind::decode, "00 00 0000 ffff 00000000 0000", "65535 parameters declared");
    // Bind: a value longer than the body (0x7fffffff bytes claimed).
    assertProtocolError(Bind::decode, "00 00 0000 0001 7fffffff 61 0000", "truncated parameter 1 value");
    // Parse: 3 parameter types declared, 2 present.
    assertProtocolError(Parse::decode, "00 00 0003 00000017 00000019", "3 parameter types declared");
    // DataRow: a column claiming 2 GB.
    assertProtocolError(DataRow::decode, "0001 7fffffff", "truncated column 1 value");
    // Describe/Close: a kind other than 'S' or 'P'.
    assertProtocolError(Describe::decode, "58 00", "invalid kind 88");
    assertProtocolError(Close::decode, "00 00", "invalid kind 0");
    // Query without its terminator.
    assertProtocolError(Query::decode, "53454c454354", "query string is not null-terminated");
    // A field-less message with a body.
    assertProtocolError(Sync::decode, "00", "1 unexpected trailing bytes");
    // CopyInResponse with an overall format of 2.
    assertProtocolError(CopyInResponse::decode, "02 0000", "invalid overall format 2");
  }
}
