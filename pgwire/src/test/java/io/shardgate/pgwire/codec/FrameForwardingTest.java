package io.shardgate.pgwire.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.shardgate.pgwire.Frame;
import io.shardgate.pgwire.message.Query;
import org.junit.jupiter.api.Test;

/** A frame read by {@link FrameDecoder} and written through {@link MessageEncoder}: the same bytes, not a copy. */
class FrameForwardingTest {
  private static ByteBuf query(String sql) {
    ByteBuf wire = Unpooled.buffer();
    new Query(sql).encode(wire);
    return wire;
  }

  @Test
  void anUnreadFrameIsForwardedAsItsOriginalBytes() {
    EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder(1 << 20));
    EmbeddedChannel out = new EmbeddedChannel(MessageEncoder.INSTANCE);
    ByteBuf wire = query("SELECT 1");
    String expected = ByteBufUtil.hexDump(wire);
    in.writeInbound(wire.retain());
    Frame frame = in.readInbound();
    wire.setByte(wire.writerIndex() - 2, '2'); // the frame shares the bytes it was read from
    out.writeOutbound(frame);
    ByteBuf sent = out.readOutbound();
    assertEquals(expected.substring(0, expected.length() - 4) + "3200", ByteBufUtil.hexDump(sent));
    sent.release();
    assertEquals(1, wire.refCnt(), "only the test's own reference is left");
    wire.release();
    in.finishAndReleaseAll();
    out.finishAndReleaseAll();
  }

  @Test
  void aFrameWhoseBodyWasReadIsEncodedFromWhatIsLeft() {
    EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder(1 << 20));
    EmbeddedChannel out = new EmbeddedChannel(MessageEncoder.INSTANCE);
    in.writeInbound(query("SELECT 1"));
    Frame frame = in.readInbound();
    frame.body().skipBytes(7); // "SELECT "
    out.writeOutbound(frame);
    ByteBuf sent = out.readOutbound();
    assertEquals("51" + "00000006" + "3100", ByteBufUtil.hexDump(sent));
    sent.release();
    in.finishAndReleaseAll();
    out.finishAndReleaseAll();
  }

  @Test
  void aBuiltFrameIsEncoded() {
    EmbeddedChannel out = new EmbeddedChannel(MessageEncoder.INSTANCE);
    out.writeOutbound(new Frame((byte) 'Q', Unpooled.copiedBuffer(new byte[] {'x', 0})));
    ByteBuf sent = out.readOutbound();
    assertEquals("51" + "00000006" + "7800", ByteBufUtil.hexDump(sent));
    sent.release();
    out.finishAndReleaseAll();
  }
}
