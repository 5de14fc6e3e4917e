package io.shardgate.engine.value;

import io.shardgate.engine.EngineException;

/** bool: text 't' / 'f', binary one byte. */
final class BoolCodec {
  private BoolCodec() {}

  static PgValue decode(byte[] bytes, Format format) {
    if (format == Format.BINARY) {
      return BoolValue.of(CodecSupport.fixed(bytes, 1, "boolean").get() != 0);
    }
    String s = CodecSupport.text(bytes).trim().toLowerCase(java.util.Locale.ROOT);
    return switch (s) {
      case "t", "true", "yes", "on", "1" -> BoolValue.TRUE;
      case "f", "false", "no", "off", "0" -> BoolValue.FALSE;
      default -> throw EngineException.invalidText("boolean", s);
    };
  }

  static byte[] encode(PgValue value, Format format) {
    boolean b = ((BoolValue) value).value();
    return format == Format.BINARY ? new byte[] {(byte) (b ? 1 : 0)} : CodecSupport.ascii(b ? "t" : "f");
  }
}
