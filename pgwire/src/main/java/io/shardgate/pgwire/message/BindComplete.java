package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;

/** BindComplete ('2'): a Bind succeeded. */
public enum BindComplete implements BackendMessage {
  INSTANCE;

  public static final byte TYPE = '2';

  public static BindComplete decode(ByteBuf body) {
    BodyReader.requireEmpty(body, "BindComplete");
    return INSTANCE;
  }

  @Override
  public void encode(ByteBuf out) {
    out.writeByte(TYPE).writeInt(4);
  }
}
