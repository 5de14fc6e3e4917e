package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.shardgate.pgwire.ProtocolException;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked reads of one message body. Every shortfall becomes a {@link ProtocolException} that
 * names the message and the field, so a truncated or hostile body can never surface as an
 * IndexOutOfBoundsException, and counts are checked against the remaining bytes before allocating.
 */
final class BodyReader {
  /** The protocol's Int16 counts cap every list at this many elements. */
  static final int MAX_COUNT = 0xFFFF;

  private final ByteBuf body;
  private final String message;

  BodyReader(ByteBuf body, String message) {
    this.body = body;
    this.message = message;
  }

  byte int8(String field) {
    need(1, field);
    return body.readByte();
  }

  short int16(String field) {
    need(2, field);
    return body.readShort();
  }

  /** An Int16 element count; PostgreSQL reads these unsigned. */
  int count(String field) {
    need(2, field);
    return body.readUnsignedShort();
  }

  int int32(String field) {
    need(4, field);
    return body.readInt();
  }

  String cstring(String field) {
    int end = body.indexOf(body.readerIndex(), body.writerIndex(), (byte) 0);
    if (end < 0) {
      throw fail(field + " is not null-terminated");
    }
    String s = body.toString(body.readerIndex(), end - body.readerIndex(), StandardCharsets.UTF_8);
    body.readerIndex(end + 1);
    return s;
  }

  byte[] bytes(int length, String field) {
    need(length, field);
    byte[] b = ByteBufUtil.getBytes(body, body.readerIndex(), length);
    body.skipBytes(length);
    return b;
  }

  /** Everything left; for messages whose last field runs to the end of the body. */
  byte[] rest() {
    return bytes(body.readableBytes(), "rest");
  }

  /** Fails before allocating when {@code count} elements of {@code size} bytes cannot fit in what is left. */
  void needElements(int count, int size, String field) {
    if ((long) count * size > body.readableBytes()) {
      throw fail(count + " " + field + " declared but only " + body.readableBytes() + " bytes left");
    }
  }

  /** Requires the body to be fully consumed, as PostgreSQL's pq_getmsgend does. */
  void end() {
    if (body.isReadable()) {
      throw fail(body.readableBytes() + " unexpected trailing bytes");
    }
  }

  ProtocolException fail(String what) {
    return new ProtocolException("malformed " + message + " message: " + what);
  }

  private void need(int length, String field) {
    if (length < 0 || body.readableBytes() < length) {
      throw fail("truncated " + field + " (needs " + length + " bytes, " + body.readableBytes() + " left)");
    }
  }

  /** Checks, when a message is built, that a list fits the protocol's Int16 count. */
  static void checkCount(int size, String field) {
    if (size > MAX_COUNT) {
      throw new IllegalArgumentException(size + " " + field + " exceed the protocol limit of " + MAX_COUNT);
    }
  }

  /** Reads a body that must be empty (the field-less messages). */
  static void requireEmpty(ByteBuf body, String message) {
    new BodyReader(body, message).end();
  }
}
