package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;

/** Sync ('S'): the end of an extended-query batch; the server answers with ReadyForQuery. */
public enum Sync implements FrontendMessage {
  INSTANCE;

  public static final byte TYPE = 'S';

  public static Sync decode(ByteBuf body) {
    BodyReader.requireEmpty(body, "Sync");
    return INSTANCE;
  }

  @Override
  public void encode(ByteBuf out) {
    out.writeByte(TYPE).writeInt(4);
  }
}
