package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.shardgate.pgwire.Wire;
import java.util.Arrays;
import java.util.Objects;

/**
 * SASLInitialResponse ('p'): the SASL mechanism the client chose and its initial response, null when
 * there is none (sent as length -1). Shares 'p' with PasswordMessage: decode it only while authenticating.
 */
public record SASLInitialResponse(String mechanism, byte[] initialResponse) implements FrontendMessage {
  public static final byte TYPE = 'p';

  public static SASLInitialResponse decode(ByteBuf body) {
    BodyReader r = new BodyReader(body, "SASLInitialResponse");
    String mechanism = r.cstring("mechanism name");
    int length = r.int32("initial response length");
    if (length < -1) {
      throw r.fail("invalid initial response length " + length);
    }
    byte[] response = length == -1 ? null : r.bytes(length, "initial response");
    r.end();
    return new SASLInitialResponse(mechanism, response);
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Wire.begin(out, 'p');
    Wire.writeCString(out, mechanism);
    if (initialResponse == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(initialResponse.length).writeBytes(initialResponse);
    }
    Wire.end(out, at);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SASLInitialResponse s && mechanism.equals(s.mechanism)
        && Arrays.equals(initialResponse, s.initialResponse);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mechanism, Arrays.hashCode(initialResponse));
  }

  // Authentication exchanges stay out of logs; only their size is shown.
  @Override
  public String toString() {
    return "SASLInitialResponse[" + mechanism + ", "
        + (initialResponse == null ? "no initial response" : initialResponse.length + " bytes") + "]";
  }
}
