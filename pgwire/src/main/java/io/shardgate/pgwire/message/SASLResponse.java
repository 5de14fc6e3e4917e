package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Objects;

/** SASLResponse ('p'): the client's next SASL message; 'p' is shared, so decode it only while authenticating. */
public record SASLResponse(byte[] data) implements FrontendMessage {
  public static final byte TYPE = 'p';

  public SASLResponse {
    Objects.requireNonNull(data, "data");
  }

  public static SASLResponse decode(ByteBuf body) {
    return new SASLResponse(new BodyReader(body, "SASLResponse").rest());
  }

  @Override
  public void encode(ByteBuf out) {
    out.writeByte(TYPE).writeInt(4 + data.length).writeBytes(data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SASLResponse s && Arrays.equals(data, s.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  // Authentication exchanges stay out of logs; only their size is shown.
  @Override
  public String toString() {
    return "SASLResponse[" + data.length + " bytes]";
  }
}
