package io.shardgate.engine.value;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A value ordered by its bytes, unsigned and shorter-prefix-first (memcmp then length): bytea, uuid, and
 * the string types under the C collation, where UTF-8 byte order equals code point order. The array is
 * not copied; callers must not change it.
 */
public final class BytesValue implements PgValue {
  private final byte[] bytes;

  public BytesValue(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A UTF-8 string value. */
  public static BytesValue of(String text) {
    return new BytesValue(text.getBytes(StandardCharsets.UTF_8));
  }

  public byte[] bytes() {
    return bytes;
  }

  @Override
  public int compareTo(PgValue other) {
    return Arrays.compareUnsigned(bytes, ((BytesValue) other).bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BytesValue b && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
