package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.shardgate.pgwire.Wire;

/** NotificationResponse ('A'): a NOTIFY on {@code channel} with {@code payload} from backend {@code processId}. */
public record NotificationResponse(int processId, String channel, String payload) implements BackendMessage {
  public static final byte TYPE = 'A';

  public static NotificationResponse decode(ByteBuf body) {
    BodyReader r = new BodyReader(body, "NotificationResponse");
    int processId = r.int32("process ID");
    String channel = r.cstring("channel name");
    String payload = r.cstring("payload");
    r.end();
    return new NotificationResponse(processId, channel, payload);
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Wire.begin(out, 'A');
    out.writeInt(processId);
    Wire.writeCString(out, channel);
    Wire.writeCString(out, payload);
    Wire.end(out, at);
  }
}
