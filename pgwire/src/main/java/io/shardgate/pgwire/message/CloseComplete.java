package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;

/** CloseComplete ('3'): a Close succeeded. */
public enum CloseComplete implements BackendMessage {
  INSTANCE;

  public static final byte TYPE = '3';

  public static CloseComplete decode(ByteBuf body) {
    BodyReader.requireEmpty(body, "CloseComplete");
    return INSTANCE;
  }

  @Override
  public void encode(ByteBuf out) {
    out.writeByte(TYPE).writeInt(4);
  }
}
