package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;

/** PortalSuspended ('s'): an Execute stopped at its row limit; the portal can be executed again. */
public enum PortalSuspended implements BackendMessage {
  INSTANCE;

  public static final byte TYPE = 's';

  public static PortalSuspended decode(ByteBuf body) {
    BodyReader.requireEmpty(body, "PortalSuspended");
    return INSTANCE;
  }

  @Override
  public void encode(ByteBuf out) {
    out.writeByte(TYPE).writeInt(4);
  }
}
