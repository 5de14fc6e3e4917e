package io.shardgate.engine.value;

import io.shardgate.engine.EngineException;
import java.nio.ByteBuffer;

/** int2, int4, int8 and oid: decimal text, big-endian binary. */
final class IntegerCodec {
  private IntegerCodec() {}

  /** A signed integer of {@code width} bytes (2, 4 or 8). */
  static PgType.Decoder decoder(String typeName, int width) {
    return (bytes, format) -> {
      if (format == Format.BINARY) {
        ByteBuffer b = CodecSupport.fixed(bytes, width, typeName);
        return new LongValue(width == 2 ? b.getShort() : width == 4 ? b.getInt() : b.getLong());
      }
      return new LongValue(parse(typeName, bytes));
    };
  }

  static PgType.Encoder encoder(String typeName, int width) {
    return (value, format) -> {
      long v = ((LongValue) value).value();
      if (width == 2 && v != (short) v || width == 4 && v != (int) v) {
        throw EngineException.outOfRange(typeName);
      }
      if (format == Format.TEXT) {
        return CodecSupport.ascii(Long.toString(v));
      }
      return width == 2 ? CodecSupport.int2(v) : width == 4 ? CodecSupport.int4(v) : CodecSupport.int8(v);
    };
  }

  /** oid: an unsigned 32-bit integer. */
  static PgType.Decoder oidDecoder() {
    return (bytes, format) -> format == Format.BINARY
        ? new LongValue(Integer.toUnsignedLong(CodecSupport.fixed(bytes, 4, "oid").getInt()))
        : new LongValue(parse("oid", bytes));
  }

  static PgType.Encoder oidEncoder() {
    return (value, format) -> {
      long v = ((LongValue) value).value();
      return format == Format.TEXT ? CodecSupport.ascii(Long.toString(v)) : CodecSupport.int4(v);
    };
  }

  private static long parse(String typeName, byte[] bytes) {
    String s = CodecSupport.text(bytes);
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw EngineException.invalidText(typeName, s);
    }
  }
}
