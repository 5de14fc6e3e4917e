package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;

/** EmptyQueryResponse ('I'): the answer to an empty query string. */
public enum EmptyQueryResponse implements BackendMessage {
  INSTANCE;

  public static final byte TYPE = 'I';

  public static EmptyQueryResponse decode(ByteBuf body) {
    BodyReader.requireEmpty(body, "EmptyQueryResponse");
    return INSTANCE;
  }

  @Override
  public void encode(ByteBuf out) {
    out.writeByte(TYPE).writeInt(4);
  }
}
