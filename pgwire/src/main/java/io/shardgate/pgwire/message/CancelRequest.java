package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;

/** CancelRequest: sent on a new connection to cancel the statement of the session with this key. */
public record CancelRequest(int processId, int secretKey) implements FrontendMessage {
  public static final int CODE = 80877102;

  @Override
  public void encode(ByteBuf out) {
    out.writeInt(16).writeInt(CODE).writeInt(processId).writeInt(secretKey);
  }
}
