package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;

/** BackendKeyData ('K'): the key a client uses to cancel its statements. */
public record BackendKeyData(int processId, int secretKey) implements BackendMessage {
  public static final byte TYPE = 'K';

  public static BackendKeyData decode(ByteBuf body) {
    BodyReader r = new BodyReader(body, "BackendKeyData");
    BackendKeyData k = new BackendKeyData(r.int32("process ID"), r.int32("secret key"));
    r.end();
    return k;
  }

  @Override
  public void encode(ByteBuf out) {
    out.writeByte(TYPE).writeInt(12).writeInt(processId).writeInt(secretKey);
  }
}
