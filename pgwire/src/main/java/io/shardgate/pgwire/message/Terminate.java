package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;

/** Terminate ('X'): the client closes the session. */
public enum Terminate implements FrontendMessage {
  INSTANCE;

  public static final byte TYPE = 'X';

  public static Terminate decode(ByteBuf body) {
    BodyReader.requireEmpty(body, "Terminate");
    return INSTANCE;
  }

  @Override
  public void encode(ByteBuf out) {
    out.writeByte(TYPE).writeInt(4);
  }
}
