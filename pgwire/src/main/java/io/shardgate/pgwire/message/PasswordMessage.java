package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.shardgate.pgwire.Wire;

/** PasswordMessage ('p'): a cleartext or md5-hashed password. */
public record PasswordMessage(String password) implements FrontendMessage {
  public static final byte TYPE = 'p';

  public static PasswordMessage decode(ByteBuf body) {
    BodyReader r = new BodyReader(body, "PasswordMessage");
    String password = r.cstring("password");
    r.end();
    return new PasswordMessage(password);
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Wire.begin(out, 'p');
    Wire.writeCString(out, password);
    Wire.end(out, at);
  }

  @Override
  public String toString() {
    return "PasswordMessage[***]";
  }
}
