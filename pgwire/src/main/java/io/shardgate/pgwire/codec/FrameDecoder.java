package io.shardgate.pgwire.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.shardgate.pgwire.Frame;
import io.shardgate.pgwire.MessageTooLongException;
import io.shardgate.pgwire.ProtocolException;
import java.util.List;

/**
 * Splits a byte stream into typed {@link Frame}s (type byte, int32 length including itself, body).
 * The length is checked against the maximum before anything is allocated, so a hostile length word
 * (0xFFFFFFFF, 0x7FFFFFFF) cannot exhaust memory; a length below 4 is a protocol violation.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
  private final int maxMessageLength;

  public FrameDecoder(int maxMessageLength) {
    this.maxMessageLength = maxMessageLength;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.readableBytes() >= 5) {
      int start = in.readerIndex();
      byte type = in.getByte(start);
      long length = in.getUnsignedInt(start + 1);
      if (length < 4) {
        in.skipBytes(in.readableBytes());
        throw new ProtocolException("invalid message length " + length + " for message type '" + (char) type + "'");
      }
      if (length > maxMessageLength) {
        in.skipBytes(in.readableBytes());
        throw new MessageTooLongException(length, maxMessageLength);
      }
      if (in.readableBytes() < 1 + length) {
        return;
      }
      out.add(Frame.ofMessage(in.readRetainedSlice(1 + (int) length)));
    }
  }
}
