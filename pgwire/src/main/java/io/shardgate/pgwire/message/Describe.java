package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.shardgate.pgwire.Wire;

/** Describe ('D'): asks for the description of prepared statement ('S') or portal ('P') {@code name}. */
public record Describe(char kind, String name) implements FrontendMessage {
  public static final byte TYPE = 'D';
  public static final char STATEMENT = 'S';
  public static final char PORTAL = 'P';

  public Describe {
    if (kind != STATEMENT && kind != PORTAL) {
      throw new IllegalArgumentException("Describe kind must be 'S' or 'P', not '" + kind + "'");
    }
  }

  public static Describe statement(String name) {
    return new Describe(STATEMENT, name);
  }

  public static Describe portal(String name) {
    return new Describe(PORTAL, name);
  }

  public static Describe decode(ByteBuf body) {
    BodyReader r = new BodyReader(body, "Describe");
    char kind = (char) r.int8("kind");
    if (kind != STATEMENT && kind != PORTAL) {
      throw r.fail("invalid kind " + (int) kind + " (expected 'S' or 'P')");
    }
    String name = r.cstring("name");
    r.end();
    return new Describe(kind, name);
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Wire.begin(out, 'D');
    out.writeByte(kind);
    Wire.writeCString(out, name);
    Wire.end(out, at);
  }
}
