package io.shardgate.pgwire.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.shardgate.pgwire.Frame;
import io.shardgate.pgwire.NoLeaks;
import io.shardgate.pgwire.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** FrontendMessages and BackendMessages pick the decoder by type byte and leave the frame forwardable. */
@ExtendWith(NoLeaks.class)
class MessageDispatchTest {
  /** Encodes {@code encoder}'s message into a frame as FrameDecoder would produce it; the caller releases it. */
  private static Frame frame(Consumer<ByteBuf> encoder) {
    ByteBuf buf = ByteBufAllocator.DEFAULT.buffer();
    encoder.accept(buf);
    byte type = buf.readByte();
    buf.skipBytes(4);
    return new Frame(type, buf);
  }

  private static <T> T decoded(Consumer<ByteBuf> encoder, Function<Frame, T> decoder) {
    Frame f = frame(encoder);
    try {
      int before = f.body().readerIndex();
      T message = decoder.apply(f);
      assertEquals(before, f.body().readerIndex(), "decoding must leave the frame's body unread");
      return message;
    } finally {
      f.release();
    }
  }

  @Test
  void everyFrontendTypeDecodesToItsMessage() {
    List<FrontendMessage> messages = List.of(new Query("SELECT 1"), new Parse("s", "SELECT $1", List.of(23)),
        Bind.ofText("p", "s", "42"), Describe.statement("s"), new Execute("p", 10), Close.portal("p"),
        Sync.INSTANCE, Flush.INSTANCE, new CopyData(new byte[] {1, 2}), CopyDone.INSTANCE, new CopyFail("no"),
        Terminate.INSTANCE);
    for (FrontendMessage m : messages) {
      assertEquals(m, decoded(m::encode, FrontendMessages::decode));
    }
  }

  @Test
  void everyBackendTypeDecodesToItsMessage() {
    List<BackendMessage> messages = List.of(Authentication.md5Password(new byte[] {9, 8, 7, 6}),
        new ParameterStatus("TimeZone", "UTC"), new BackendKeyData(1, 2), ReadyForQuery.IN_TRANSACTION,
        ErrorResponse.of("ERROR", "08P01", "bad", null, null), new NoticeResponse(Map.of('S', "NOTICE")),
        new CommandComplete("SELECT 1"), EmptyQueryResponse.INSTANCE,
        new RowDescription(List.of(RowDescription.Field.text("a"))), ParseComplete.INSTANCE,
        BindComplete.INSTANCE, CloseComplete.INSTANCE, NoData.INSTANCE, PortalSuspended.INSTANCE,
        new ParameterDescription(List.of(23)), new NotificationResponse(7, "ch", "x"),
        new NegotiateProtocolVersion(StartupMessage.PROTOCOL_3_0, List.of()), CopyInResponse.text(1),
        CopyOutResponse.text(1), CopyBothResponse.text(0), new CopyData(new byte[] {3}), CopyDone.INSTANCE);
    for (BackendMessage m : messages) {
      assertEquals(m, decoded(m::encode, BackendMessages::decode));
    }
    // DataRow compares its arrays by identity, so check its values instead.
    DataRow row = (DataRow) decoded(DataRow.ofText("x", null)::encode, BackendMessages::decode);
    assertEquals("x", new String(row.values().get(0), StandardCharsets.UTF_8));
    assertEquals(null, row.values().get(1));
  }

  @Test
  void authenticationPhaseMessagesHaveExplicitDecoders() {
    assertEquals(new PasswordMessage("pw"),
        decoded(new PasswordMessage("pw")::encode, FrontendMessages::decodePasswordMessage));
    SASLInitialResponse first = new SASLInitialResponse("SCRAM-SHA-256", "n,,n=,r=x".getBytes());
    assertEquals(first, decoded(first::encode, FrontendMessages::decodeSASLInitialResponse));
    SASLResponse next = new SASLResponse("c=biws,r=x,p=y".getBytes());
    assertEquals(next, decoded(next::encode, FrontendMessages::decodeSASLResponse));
  }

  @Test
  void passwordTypeIsRefusedOutsideAuthentication() {
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> decoded(new PasswordMessage("pw")::encode, FrontendMessages::decode));
    assertTrue(e.getMessage().contains("authentication"), e.getMessage());
  }

  @Test
  void otherTypesAreRefusedWhileAuthenticating() {
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> decoded(new Query("SELECT 1")::encode, FrontendMessages::decodePasswordMessage));
    assertTrue(e.getMessage().contains("'Q'"), e.getMessage());
  }

  @Test
  void unknownTypesAreProtocolErrors() {
    // FunctionCall ('F') is deliberately not modelled; 0x00 is no message at all.
    for (byte type : new byte[] {'F', 0, (byte) 0xFF, 'Z'}) {
      Frame f = new Frame(type, ByteBufAllocator.DEFAULT.buffer(0));
      try {
        ProtocolException e = assertThrows(ProtocolException.class, () -> FrontendMessages.decode(f));
        assertTrue(e.getMessage().contains("invalid frontend message type"), e.getMessage());
      } finally {
        f.release();
      }
    }
    Frame f = new Frame((byte) 'V', ByteBufAllocator.DEFAULT.buffer(0));
    try {
      assertThrows(ProtocolException.class, () -> BackendMessages.decode(f));
    } finally {
      f.release();
    }
  }

  @Test
  void aDecodedFrameCanStillBeForwardedByteForByte() {
    Bind bind = Bind.ofText("", "s", "42");
    Frame f = frame(bind::encode);
    ByteBuf out = ByteBufAllocator.DEFAULT.buffer();
    ByteBuf direct = ByteBufAllocator.DEFAULT.buffer();
    try {
      assertSame(Bind.class, FrontendMessages.decode(f).getClass());
      f.encodeInto(out);
      bind.encode(direct);
      assertEquals(direct, out);
    } finally {
      f.release();
      out.release();
      direct.release();
    }
  }
}
