package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;

/** SSLRequest: the client asks whether the server speaks TLS. */
public enum SSLRequest implements FrontendMessage {
  INSTANCE;

  public static final int CODE = 80877103;

  @Override
  public void encode(ByteBuf out) {
    out.writeInt(8).writeInt(CODE);
  }
}
