package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.shardgate.pgwire.Wire;

/** Close ('C'): closes prepared statement ('S') or portal ('P') {@code name}. */
public record Close(char kind, String name) implements FrontendMessage {
  public static final byte TYPE = 'C';
  public static final char STATEMENT = 'S';
  public static final char PORTAL = 'P';

  public Close {
    if (kind != STATEMENT && kind != PORTAL) {
      throw new IllegalArgumentException("Close kind must be 'S' or 'P', not '" + kind + "'");
    }
  }

  public static Close statement(String name) {
    return new Close(STATEMENT, name);
  }

  public static Close portal(String name) {
    return new Close(PORTAL, name);
  }

  public static Close decode(ByteBuf body) {
    BodyReader r = new BodyReader(body, "Close");
    char kind = (char) r.int8("kind");
    if (kind != STATEMENT && kind != PORTAL) {
      throw r.fail("invalid kind " + (int) kind + " (expected 'S' or 'P')");
    }
    String name = r.cstring("name");
    r.end();
    return new Close(kind, name);
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Wire.begin(out, 'C');
    out.writeByte(kind);
    Wire.writeCString(out, name);
    Wire.end(out, at);
  }
}
