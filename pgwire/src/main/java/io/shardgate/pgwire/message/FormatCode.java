package io.shardgate.pgwire.message;

import java.util.List;

/** Format codes (0 text, 1 binary) of Bind, RowDescription and the COPY responses, and how a list applies. */
public final class FormatCode {
  public static final short TEXT = 0;
  public static final short BINARY = 1;

  private FormatCode() {}

  /**
   * The format of value {@code index} under the protocol's rule: no codes means every value is text,
   * one code applies to every value, otherwise there is one code per value.
   *
   * @throws IndexOutOfBoundsException when there are several codes and none for {@code index}
   */
  public static short of(List<Short> codes, int index) {
    return switch (codes.size()) {
      case 0 -> TEXT;
      case 1 -> codes.get(0);
      default -> codes.get(index);
    };
  }
}
