package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/** Authentication ('R') requests and results; the subtype word says which. */
public record Authentication(int code, byte[] data) implements BackendMessage {
  public static final byte TYPE = 'R';
  public static final int OK = 0;
  public static final int CLEARTEXT_PASSWORD = 3;
  public static final int MD5_PASSWORD = 5;
  public static final int SASL = 10;
  public static final int SASL_CONTINUE = 11;
  public static final int SASL_FINAL = 12;
  /** AuthenticationOk. */
  public static final Authentication AUTH_OK = new Authentication(OK, new byte[0]);

  public static Authentication decode(ByteBuf body) {
    int code = body.readInt();
    return new Authentication(code, ByteBufUtil.getBytes(body));
  }

  @Override
  public void encode(ByteBuf out) {
    out.writeByte(TYPE).writeInt(8 + data.length).writeInt(code).writeBytes(data);
  }
}
