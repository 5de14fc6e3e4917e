package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;

/** CopyDone ('c'): the end of a COPY data stream, in either direction. */
public enum CopyDone implements FrontendMessage, BackendMessage {
  INSTANCE;

  public static final byte TYPE = 'c';

  public static CopyDone decode(ByteBuf body) {
    BodyReader.requireEmpty(body, "CopyDone");
    return INSTANCE;
  }

  @Override
  public void encode(ByteBuf out) {
    out.writeByte(TYPE).writeInt(4);
  }
}
