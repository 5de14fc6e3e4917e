package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.shardgate.pgwire.Wire;

/** CopyFail ('f'): the client aborts COPY FROM STDIN with an error message. */
public record CopyFail(String message) implements FrontendMessage {
  public static final byte TYPE = 'f';

  public static CopyFail decode(ByteBuf body) {
    BodyReader r = new BodyReader(body, "CopyFail");
    String message = r.cstring("error message");
    r.end();
    return new CopyFail(message);
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Wire.begin(out, 'f');
    Wire.writeCString(out, message);
    Wire.end(out, at);
  }
}
