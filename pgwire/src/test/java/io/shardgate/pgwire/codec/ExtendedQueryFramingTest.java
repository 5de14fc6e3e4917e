package io.shardgate.pgwire.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.shardgate.pgwire.Frame;
import io.shardgate.pgwire.NoLeaks;
import io.shardgate.pgwire.message.BackendMessage;
import io.shardgate.pgwire.message.BackendMessages;
import io.shardgate.pgwire.message.Bind;
import io.shardgate.pgwire.message.BindComplete;
import io.shardgate.pgwire.message.CommandComplete;
import io.shardgate.pgwire.message.CopyData;
import io.shardgate.pgwire.message.CopyDone;
import io.shardgate.pgwire.message.Describe;
import io.shardgate.pgwire.message.Execute;
import io.shardgate.pgwire.message.FrontendMessage;
import io.shardgate.pgwire.message.FrontendMessages;
import io.shardgate.pgwire.message.NoData;
import io.shardgate.pgwire.message.ParameterDescription;
import io.shardgate.pgwire.message.Parse;
import io.shardgate.pgwire.message.ParseComplete;
import io.shardgate.pgwire.message.ReadyForQuery;
import io.shardgate.pgwire.message.Sync;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A pipelined extended-query batch survives any fragmentation through FrameDecoder and decodes back intact. */
@ExtendWith(NoLeaks.class)
class ExtendedQueryFramingTest {
  // What a driver sends for one parameterised query, in one write: no round trip until Sync.
  private static final List<FrontendMessage> BATCH = List.of(
      new Parse("s1", "SELECT * FROM orders WHERE customer_id = $1", List.of(20)),
      new Bind("p1", "s1", List.of((short) 0), List.of("42".getBytes()), List.of((short) 1)),
      Describe.portal("p1"),
      new Execute("p1", 0),
      Sync.INSTANCE);

  // The server's answer to a Describe of a statement without result columns, then the run.
  private static final List<BackendMessage> ANSWER = List.of(
      ParseComplete.INSTANCE, new ParameterDescription(List.of(20)), NoData.INSTANCE, BindComplete.INSTANCE,
      new CommandComplete("UPDATE 3"), ReadyForQuery.IDLE);

  private static ByteBuf encodeFrontend(List<FrontendMessage> messages) {
    ByteBuf wire = ByteBufAllocator.DEFAULT.buffer();
    messages.forEach(m -> m.encode(wire));
    return wire;
  }

  /** Feeds {@code wire} to a fresh FrameDecoder in chunks ending at {@code cuts}, decoding every frame. */
  private static <T> List<T> decodeInChunks(ByteBuf wire, int[] cuts, Function<Frame, T> decoder) {
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1 << 20));
    int from = wire.readerIndex();
    for (int cut : cuts) {
      if (cut > from) {
        ch.writeInbound(wire.retainedSlice(from, cut - from));
        from = cut;
      }
    }
    List<T> out = new ArrayList<>();
    for (Frame f = ch.readInbound(); f != null; f = ch.readInbound()) {
      try {
        out.add(decoder.apply(f));
      } finally {
        f.release();
      }
    }
    assertFalse(ch.finish(), "no bytes or frames may be left behind");
    return out;
  }

  @Test
  void batchSplitAtEveryByteBoundaryDecodesIntact() {
    ByteBuf wire = encodeFrontend(BATCH);
    try {
      int length = wire.readableBytes();
      for (int split = 0; split <= length; split++) {
        assertEquals(BATCH, decodeInChunks(wire, new int[] {split, length}, FrontendMessages::decode),
            "split at byte " + split);
      }
    } finally {
      wire.release();
    }
  }

  @Test
  void batchDeliveredOneByteAtATimeDecodesIntact() {
    ByteBuf wire = encodeFrontend(BATCH);
    try {
      int[] everyByte = new int[wire.readableBytes()];
      Arrays.setAll(everyByte, i -> i + 1);
      assertEquals(BATCH, decodeInChunks(wire, everyByte, FrontendMessages::decode));
    } finally {
      wire.release();
    }
  }

  @Test
  void serverAnswerSplitAtEveryByteBoundaryDecodesIntact() {
    ByteBuf wire = ByteBufAllocator.DEFAULT.buffer();
    ANSWER.forEach(m -> m.encode(wire));
    try {
      int length = wire.readableBytes();
      for (int split = 0; split <= length; split++) {
        assertEquals(ANSWER, decodeInChunks(wire, new int[] {split, length}, BackendMessages::decode),
            "split at byte " + split);
      }
    } finally {
      wire.release();
    }
  }

  @Test
  void messageEncoderWritesTheSameBytesAsEncode() {
    EmbeddedChannel out = new EmbeddedChannel(MessageEncoder.INSTANCE);
    // CopyData and CopyDone are both frontend and backend messages; the encoder takes either view.
    List<Object> messages = new ArrayList<>(BATCH);
    messages.add(new CopyData(new byte[] {'x', '\n'}));
    messages.add(CopyDone.INSTANCE);
    messages.forEach(out::writeOutbound);
    ByteBuf expected = encodeFrontend(BATCH);
    new CopyData(new byte[] {'x', '\n'}).encode(expected);
    CopyDone.INSTANCE.encode(expected);
    ByteBuf actual = ByteBufAllocator.DEFAULT.buffer();
    try {
      for (ByteBuf b = out.readOutbound(); b != null; b = out.readOutbound()) {
        actual.writeBytes(b);
        b.release();
      }
      assertEquals(expected, actual);
      assertNull(out.readOutbound());
      assertFalse(out.finish());
    } finally {
      expected.release();
      actual.release();
    }
  }
}
