package io.shardgate.pgwire.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.MessageToByteEncoder;
import io.shardgate.pgwire.Frame;
import io.shardgate.pgwire.message.BackendMessage;
import io.shardgate.pgwire.message.FrontendMessage;

/** Encodes decoded messages and raw frames for either direction; stateless and shareable. */
@ChannelHandler.Sharable
public final class MessageEncoder extends MessageToByteEncoder<Object> {
  public static final MessageEncoder INSTANCE = new MessageEncoder();

  @Override
  public boolean acceptOutboundMessage(Object msg) {
    return msg instanceof BackendMessage || msg instanceof FrontendMessage || msg instanceof Frame;
  }

  /** A frame read from a socket and not changed since goes out as its original bytes: no buffer, no copy. */
  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof Frame frame) {
      ByteBuf original = frame.retainedMessage();
      if (original != null) {
        frame.release();
        ctx.write(original, promise);
        return;
      }
    }
    super.write(ctx, msg, promise);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) {
    if (msg instanceof BackendMessage m) {
      m.encode(out);
    } else if (msg instanceof FrontendMessage m) {
      m.encode(out);
    } else {
      ((Frame) msg).encodeInto(out);
    }
  }
}
