package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;

/** NoData ('n'): the described statement or portal returns no rows. */
public enum NoData implements BackendMessage {
  INSTANCE;

  public static final byte TYPE = 'n';

  public static NoData decode(ByteBuf body) {
    BodyReader.requireEmpty(body, "NoData");
    return INSTANCE;
  }

  @Override
  public void encode(ByteBuf out) {
    out.writeByte(TYPE).writeInt(4);
  }
}
