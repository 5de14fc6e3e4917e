package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.shardgate.pgwire.Wire;

/** Query ('Q'): a simple-protocol query string, possibly holding several statements. */
public record Query(String sql) implements FrontendMessage {
  public static final byte TYPE = 'Q';

  public static Query decode(ByteBuf body) {
    BodyReader r = new BodyReader(body, "Query");
    String sql = r.cstring("query string");
    r.end();
    return new Query(sql);
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Wire.begin(out, 'Q');
    Wire.writeCString(out, sql);
    Wire.end(out, at);
  }
}
