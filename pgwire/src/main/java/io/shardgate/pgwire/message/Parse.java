package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.shardgate.pgwire.Wire;
import java.util.ArrayList;
import java.util.List;

/**
 * Parse ('P'): prepare {@code query} as statement {@code statement} ("" is the unnamed statement), with
 * the OIDs of the parameter types the client specifies (0 leaves a type for the server to infer; OIDs
 * are unsigned on the wire and kept here as their int bits).
 */
public record Parse(String statement, String query, List<Integer> parameterTypes) implements FrontendMessage {
  public static final byte TYPE = 'P';

  public Parse {
    parameterTypes = List.copyOf(parameterTypes);
    BodyReader.checkCount(parameterTypes.size(), "parameter types");
  }

  public static Parse decode(ByteBuf body) {
    BodyReader r = new BodyReader(body, "Parse");
    String statement = r.cstring("statement name");
    String query = r.cstring("query string");
    int n = r.count("parameter type count");
    r.needElements(n, 4, "parameter types");
    List<Integer> types = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      types.add(r.int32("parameter type"));
    }
    r.end();
    return new Parse(statement, query, types);
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Wire.begin(out, 'P');
    Wire.writeCString(out, statement);
    Wire.writeCString(out, query);
    out.writeShort(parameterTypes.size());
    for (int oid : parameterTypes) {
      out.writeInt(oid);
    }
    Wire.end(out, at);
  }
}
