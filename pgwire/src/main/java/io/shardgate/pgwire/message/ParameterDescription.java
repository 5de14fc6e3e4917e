package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.shardgate.pgwire.Wire;
import java.util.ArrayList;
import java.util.List;

/** ParameterDescription ('t'): the type OIDs of a described statement's parameters (unsigned, kept as int bits). */
public record ParameterDescription(List<Integer> parameterTypes) implements BackendMessage {
  public static final byte TYPE = 't';

  public ParameterDescription {
    parameterTypes = List.copyOf(parameterTypes);
    BodyReader.checkCount(parameterTypes.size(), "parameter types");
  }

  public static ParameterDescription decode(ByteBuf body) {
    BodyReader r = new BodyReader(body, "ParameterDescription");
    int n = r.count("parameter count");
    r.needElements(n, 4, "parameter types");
    List<Integer> types = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      types.add(r.int32("parameter type"));
    }
    r.end();
    return new ParameterDescription(types);
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Wire.begin(out, 't');
    out.writeShort(parameterTypes.size());
    for (int oid : parameterTypes) {
      out.writeInt(oid);
    }
    Wire.end(out, at);
  }
}
