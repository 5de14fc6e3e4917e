package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;

/** BackendKeyData ('K'): the key a client uses to cancel its statements. */
public record BackendKeyData(int processId, int secretKey) implements BackendMessage {
  public static final byte TYPE = 'K';

  public static BackendKeyData decode(ByteBuf body) {
    return new BackendKeyData(body.readInt(), body.readInt());
  }

  @Override
  public void encode(ByteBuf out) {
    out.writeByte(TYPE).writeInt(12).writeInt(processId).writeInt(secretKey);
  }
}
