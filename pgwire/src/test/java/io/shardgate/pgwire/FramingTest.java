package io.shardgate.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.shardgate.pgwire.codec.FrameDecoder;
import io.shardgate.pgwire.codec.StartupDecoder;
import io.shardgate.pgwire.message.CancelRequest;
import io.shardgate.pgwire.message.Query;
import io.shardgate.pgwire.message.SSLRequest;
import io.shardgate.pgwire.message.StartupMessage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FramingTest {
  @Test
  void framesSurviveByteByByteDelivery() {
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1 << 20));
    ByteBuf wire = Unpooled.buffer();
    new Query("SELECT 1").encode(wire);
    new Query("SELECT 2").encode(wire);
    while (wire.isReadable()) {
      ch.writeInbound(wire.readRetainedSlice(1));
    }
    wire.release();
    for (String expected : new String[] {"SELECT 1", "SELECT 2"}) {
      Frame f = ch.readInbound();
      assertEquals('Q', f.typeChar());
      assertEquals(new Query(expected), Query.decode(f.body()));
      f.release();
    }
    assertNull(ch.readInbound());
    ch.finishAndReleaseAll();
  }

  @Test
  void hostileLengthsAreRefusedBeforeAllocation() {
    for (long length : new long[] {0, 3, 0x7FFFFFFFL, 0xFFFFFFFFL, 1025}) {
      EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024));
      ByteBuf buf = Unpooled.buffer().writeByte('Q').writeInt((int) length);
      DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(buf));
      assertInstanceOf(ProtocolException.class, e.getCause(), "length " + length);
      ch.finishAndReleaseAll();
    }
  }

  @Test
  void startupPhaseMessagesDecode() {
    EmbeddedChannel ch = new EmbeddedChannel(new StartupDecoder());
    ByteBuf wire = Unpooled.buffer();
    SSLRequest.INSTANCE.encode(wire);
    new CancelRequest(5, 6).encode(wire);
    new StartupMessage(StartupMessage.PROTOCOL_3_0, Map.of("user", "alice", "database", "app")).encode(wire);
    while (wire.isReadable()) {
      ch.writeInbound(wire.readRetainedSlice(Math.min(3, wire.readableBytes())));
    }
    wire.release();
    assertEquals(SSLRequest.INSTANCE, ch.readInbound());
    assertEquals(new CancelRequest(5, 6), ch.readInbound());
    StartupMessage m = ch.readInbound();
    assertEquals("alice", m.parameters().get("user"));
    assertEquals("app", m.parameters().get("database"));
    ch.finishAndReleaseAll();
  }

  @Test
  void garbageStartupIsAProtocolError() {
    EmbeddedChannel ch = new EmbeddedChannel(new StartupDecoder());
    ByteBuf garbage = Unpooled.wrappedBuffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
    DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(garbage));
    assertInstanceOf(ProtocolException.class, e.getCause());
    ch.finishAndReleaseAll();
  }
}
