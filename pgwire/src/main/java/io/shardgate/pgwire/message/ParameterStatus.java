package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.shardgate.pgwire.Wire;

/** ParameterStatus ('S'): the server reports a run-time parameter's value. */
public record ParameterStatus(String name, String value) implements BackendMessage {
  public static final byte TYPE = 'S';

  public static ParameterStatus decode(ByteBuf body) {
    return new ParameterStatus(Wire.readCString(body), Wire.readCString(body));
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Wire.begin(out, 'S');
    Wire.writeCString(out, name);
    Wire.writeCString(out, value);
    Wire.end(out, at);
  }
}
