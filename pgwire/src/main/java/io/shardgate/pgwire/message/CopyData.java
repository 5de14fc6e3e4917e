package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Objects;

/**
 * CopyData ('d'): a chunk of a COPY data stream, sent the same way by client (COPY FROM STDIN) and server
 * (COPY TO STDOUT, replication), hence one message in both sealed hierarchies. The array is not copied.
 * A proxy relaying COPY should forward the raw {@link io.shardgate.pgwire.Frame} instead of decoding this.
 */
public record CopyData(byte[] data) implements FrontendMessage, BackendMessage {
  public static final byte TYPE = 'd';

  public CopyData {
    Objects.requireNonNull(data, "data");
  }

  public static CopyData decode(ByteBuf body) {
    return new CopyData(new BodyReader(body, "CopyData").rest());
  }

  @Override
  public void encode(ByteBuf out) {
    out.writeByte(TYPE).writeInt(4 + data.length).writeBytes(data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CopyData c && Arrays.equals(data, c.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "CopyData[" + data.length + " bytes]";
  }
}
