package io.shardgate.engine.value;

import io.shardgate.engine.EngineException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Small helpers the codecs share: text of a value, fixed-width binary reads and writes. */
final class CodecSupport {
  private CodecSupport() {}

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** A big-endian reader over a binary value that must be exactly {@code length} bytes. */
  static ByteBuffer fixed(byte[] bytes, int length, String typeName) {
    if (bytes.length != length) {
      throw EngineException.invalidBinary(typeName, "expected " + length + " bytes, got " + bytes.length);
    }
    return ByteBuffer.wrap(bytes);
  }

  static byte[] int2(long v) {
    return ByteBuffer.allocate(2).putShort((short) v).array();
  }

  static byte[] int4(long v) {
    return ByteBuffer.allocate(4).putInt((int) v).array();
  }

  static byte[] int8(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }
}
