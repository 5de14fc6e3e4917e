package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;

/** Flush ('H'): asks the server to send what it has produced so far, without ending the batch. */
public enum Flush implements FrontendMessage {
  INSTANCE;

  public static final byte TYPE = 'H';

  public static Flush decode(ByteBuf body) {
    BodyReader.requireEmpty(body, "Flush");
    return INSTANCE;
  }

  @Override
  public void encode(ByteBuf out) {
    out.writeByte(TYPE).writeInt(4);
  }
}
