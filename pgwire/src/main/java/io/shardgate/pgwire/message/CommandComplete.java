package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.shardgate.pgwire.Wire;

/** CommandComplete ('C') with its command tag, e.g. "INSERT 0 1" or "SELECT 5". */
public record CommandComplete(String tag) implements BackendMessage {
  public static final byte TYPE = 'C';

  public static CommandComplete decode(ByteBuf body) {
    BodyReader r = new BodyReader(body, "CommandComplete");
    String tag = r.cstring("command tag");
    r.end();
    return new CommandComplete(tag);
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Wire.begin(out, 'C');
    Wire.writeCString(out, tag);
    Wire.end(out, at);
  }
}
