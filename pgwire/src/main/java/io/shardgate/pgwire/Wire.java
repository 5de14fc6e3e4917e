package io.shardgate.pgwire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Reading and writing the protocol's null-terminated UTF-8 strings. */
public final class Wire {
  private Wire() {}

  /** Reads a C string, failing with a protocol error when no terminator is present. */
  public static String readCString(ByteBuf buf) {
    int end = buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) 0);
    if (end < 0) {
      throw new ProtocolException("string in message is not null-terminated");
    }
    String s = buf.toString(buf.readerIndex(), end - buf.readerIndex(), StandardCharsets.UTF_8);
    buf.readerIndex(end + 1);
    return s;
  }

  public static void writeCString(ByteBuf buf, String s) {
    buf.writeCharSequence(s, StandardCharsets.UTF_8);
    buf.writeByte(0);
  }

  /** Starts a typed message: writes the type and a length placeholder; returns the length's index. */
  public static int begin(ByteBuf buf, char type) {
    buf.writeByte(type);
    int at = buf.writerIndex();
    buf.writeInt(0);
    return at;
  }

  /** Fills in the length of a message begun at {@code lengthIndex}. */
  public static void end(ByteBuf buf, int lengthIndex) {
    buf.setInt(lengthIndex, buf.writerIndex() - lengthIndex);
  }
}
