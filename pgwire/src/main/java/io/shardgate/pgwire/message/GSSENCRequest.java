package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;

/** GSSENCRequest: the client asks for GSSAPI encryption (Shardgate answers 'N'). */
public enum GSSENCRequest implements FrontendMessage {
  INSTANCE;

  public static final int CODE = 80877104;

  @Override
  public void encode(ByteBuf out) {
    out.writeInt(8).writeInt(CODE);
  }
}
