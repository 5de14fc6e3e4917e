package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;

/** ParseComplete ('1'): a Parse succeeded. */
public enum ParseComplete implements BackendMessage {
  INSTANCE;

  public static final byte TYPE = '1';

  public static ParseComplete decode(ByteBuf body) {
    BodyReader.requireEmpty(body, "ParseComplete");
    return INSTANCE;
  }

  @Override
  public void encode(ByteBuf out) {
    out.writeByte(TYPE).writeInt(4);
  }
}
