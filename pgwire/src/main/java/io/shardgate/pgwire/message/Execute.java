package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.shardgate.pgwire.Wire;

/** Execute ('E'): runs portal {@code portal}, returning at most {@code maxRows} rows (0 means no limit). */
public record Execute(String portal, int maxRows) implements FrontendMessage {
  public static final byte TYPE = 'E';

  public static Execute decode(ByteBuf body) {
    BodyReader r = new BodyReader(body, "Execute");
    String portal = r.cstring("portal name");
    int maxRows = r.int32("maximum row count");
    r.end();
    return new Execute(portal, maxRows);
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Wire.begin(out, 'E');
    Wire.writeCString(out, portal);
    out.writeInt(maxRows);
    Wire.end(out, at);
  }
}
