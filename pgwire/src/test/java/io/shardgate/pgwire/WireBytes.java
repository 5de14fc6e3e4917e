package io.shardgate.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.util.function.Consumer;
import java.util.function.Function;

/** Test helpers for byte-exact codec tests; every buffer comes from the pooled, leak-tracked allocator. */
public final class WireBytes {
  private WireBytes() {}

  /** Hand-written hex with spaces between fields, compacted for comparison. */
  public static String hex(String spaced) {
    return spaced.replace(" ", "").toLowerCase();
  }

  /** The hex of what {@code encoder} writes. */
  public static String hex(Consumer<ByteBuf> encoder) {
    ByteBuf buf = ByteBufAllocator.DEFAULT.buffer();
    try {
      encoder.accept(buf);
      return ByteBufUtil.hexDump(buf);
    } finally {
      buf.release();
    }
  }

  public static byte[] bytes(String spacedHex) {
    return ByteBufUtil.decodeHexDump(hex(spacedHex));
  }

  /** Decodes a body given as hand-written hex, requiring the decoder to consume all of it. */
  public static <T> T decodeHex(Function<ByteBuf, T> decoder, String spacedHex) {
    return decode(decoder, bytes(spacedHex));
  }

  /** Decodes {@code body} from a pooled buffer, requiring the decoder to consume all of it. */
  public static <T> T decode(Function<ByteBuf, T> decoder, byte[] body) {
    ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(body.length).writeBytes(body);
    try {
      T message = decoder.apply(buf);
      assertFalse(buf.isReadable(), "decoder left " + buf.readableBytes() + " bytes unread");
      return message;
    } finally {
      buf.release();
    }
  }

  /** The body (without type byte and length) that {@code encoder} writes, after checking the header. */
  public static byte[] body(Consumer<ByteBuf> encoder, char type) {
    ByteBuf buf = ByteBufAllocator.DEFAULT.buffer();
    try {
      encoder.accept(buf);
      assertEquals(type, (char) buf.readByte(), "type byte");
      assertEquals(buf.readableBytes(), buf.readInt(), "length word");
      return ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
    }
  }

  /** Encodes, checks type and length, and decodes the body back. */
  public static <T> T roundTrip(Consumer<ByteBuf> encoder, char type, Function<ByteBuf, T> decoder) {
    return decode(decoder, body(encoder, type));
  }
}
