package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.shardgate.pgwire.ProtocolException;
import io.shardgate.pgwire.Wire;
import java.util.LinkedHashMap;
import java.util.Map;

/** StartupMessage: protocol version and the connection parameters (user, database, options...). */
public record StartupMessage(int protocolVersion, Map<String, String> parameters) implements FrontendMessage {
  public static final int PROTOCOL_3_0 = 196608;

  public StartupMessage {
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /** Decodes the body after the length and version words. */
  public static StartupMessage decode(int version, ByteBuf body) {
    Map<String, String> params = new LinkedHashMap<>();
    while (body.isReadable()) {
      String name = Wire.readCString(body);
      if (name.isEmpty()) {
        break;
      }
      if (!body.isReadable()) {
        throw new ProtocolException("startup parameter \"" + name + "\" has no value");
      }
      params.put(name, Wire.readCString(body));
    }
    return new StartupMessage(version, params);
  }

  @Override
  public void encode(ByteBuf out) {
    int start = out.writerIndex();
    out.writeInt(0).writeInt(protocolVersion);
    parameters.forEach((k, v) -> {
      Wire.writeCString(out, k);
      Wire.writeCString(out, v);
    });
    out.writeByte(0);
    out.setInt(start, out.writerIndex() - start);
  }
}
