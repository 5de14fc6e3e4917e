package io.shardgate.pgwire.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.shardgate.pgwire.MessageTooLongException;
import io.shardgate.pgwire.ProtocolException;
import io.shardgate.pgwire.message.CancelRequest;
import io.shardgate.pgwire.message.GSSENCRequest;
import io.shardgate.pgwire.message.SSLRequest;
import io.shardgate.pgwire.message.StartupMessage;
import java.util.List;

/**
 * Decodes the untyped messages of a connection's start (StartupMessage, SSLRequest, GSSENCRequest,
 * CancelRequest). The session replaces it with a {@link FrameDecoder} once startup is done.
 */
public final class StartupDecoder extends ByteToMessageDecoder {
  /** PostgreSQL's own limit on a startup packet (MAX_STARTUP_PACKET_LENGTH). */
  public static final int MAX_STARTUP_LENGTH = 10_000;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (in.readableBytes() < 8) {
      return;
    }
    int start = in.readerIndex();
    long length = in.getUnsignedInt(start);
    if (length < 8) {
      in.skipBytes(in.readableBytes());
      throw new ProtocolException("invalid length of startup packet: " + length);
    }
    if (length > MAX_STARTUP_LENGTH) {
      in.skipBytes(in.readableBytes());
      throw new MessageTooLongException(length, MAX_STARTUP_LENGTH);
    }
    if (in.readableBytes() < length) {
      return;
    }
    int code = in.getInt(start + 4);
    ByteBuf body = in.slice(start + 8, (int) length - 8);
    in.skipBytes((int) length);
    switch (code) {
      case SSLRequest.CODE -> out.add(SSLRequest.INSTANCE);
      case GSSENCRequest.CODE -> out.add(GSSENCRequest.INSTANCE);
      case CancelRequest.CODE -> {
        if (length != 16) {
          throw new ProtocolException("invalid length of cancel request: " + length);
        }
        out.add(new CancelRequest(body.readInt(), body.readInt()));
      }
      default -> {
        if (code >> 16 != 3) {
          throw new ProtocolException("unsupported frontend protocol " + (code >> 16) + "." + (code & 0xFFFF)
              + ": server supports 3.0 to 3.0");
        }
        out.add(StartupMessage.decode(code, body));
      }
    }
  }
}
