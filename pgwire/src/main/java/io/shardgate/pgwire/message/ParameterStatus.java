package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.shardgate.pgwire.Wire;

/** ParameterStatus ('S'): the server reports a run-time parameter's value. */
public record ParameterStatus(String name, String value) implements BackendMessage {
  public static final byte TYPE = 'S';

  public static ParameterStatus decode(ByteBuf body) {
    BodyReader r = new BodyReader(body, "ParameterStatus");
    String name = r.cstring("parameter name");
    String value = r.cstring("parameter value");
    r.end();
    return new ParameterStatus(name, value);
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Wire.begin(out, 'S');
    Wire.writeCString(out, name);
    Wire.writeCString(out, value);
    Wire.end(out, at);
  }
}
