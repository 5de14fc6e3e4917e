package io.shardgate.pgwire.message;

import static io.shardgate.pgwire.WireBytes.decodeHex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.pgwire.NoLeaks;
import io.shardgate.pgwire.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Reading Bind parameters the way routing on a shard key needs them. */
@ExtendWith(NoLeaks.class)
class BindParametersTest {
  private static final short T = FormatCode.TEXT;
  private static final short B = FormatCode.BINARY;
  private static final byte[] INT4_42 = {0, 0, 0, 42};

  private static List<byte[]> values(byte[]... v) {
    return Arrays.asList(v);
  }

  @Test
  void noFormatCodesMeansAllText() {
    Bind bind = Bind.ofText("", "s", "42", "héllo", null);
    assertEquals(3, bind.parameterCount());
    for (int i = 0; i < 3; i++) {
      assertFalse(bind.isBinary(i));
      assertEquals(T, bind.parameterFormat(i));
    }
    assertEquals("42", bind.textParameter(0));
    assertEquals("héllo", bind.textParameter(1));
    assertTrue(bind.isNull(2));
    assertNull(bind.textParameter(2));
  }

  @Test
  void oneFormatCodeAppliesToAll() {
    Bind binary = new Bind("", "s", List.of(B), values(INT4_42, INT4_42), List.of());
    assertTrue(binary.isBinary(0));
    assertTrue(binary.isBinary(1));
    Bind text = new Bind("", "s", List.of(T), values("7".getBytes(), "8".getBytes()), List.of());
    assertEquals("8", text.textParameter(1));
  }

  @Test
  void oneFormatCodePerParameter() {
    Bind bind = new Bind("", "s", List.of(T, B), values("abc".getBytes(StandardCharsets.UTF_8), INT4_42), List.of());
    assertFalse(bind.isBinary(0));
    assertTrue(bind.isBinary(1));
    assertEquals("abc", bind.textParameter(0));
    assertEquals(42, java.nio.ByteBuffer.wrap(bind.parameters().get(1)).getInt());
  }

  @Test
  void readingABinaryParameterAsTextIsRefused() {
    Bind bind = new Bind("", "s", List.of(B), values(INT4_42), List.of());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> bind.textParameter(0));
    assertTrue(e.getMessage().contains("$1"), e.getMessage());
  }

  @Test
  void parameterIndexOutOfRangeIsACallerError() {
    Bind bind = Bind.ofText("", "s", "1");
    assertThrows(IndexOutOfBoundsException.class, () -> bind.isBinary(1));
    assertThrows(IndexOutOfBoundsException.class, () -> bind.textParameter(-1));
  }

  @Test
  void resultFormatsFollowTheSameRule() {
    assertEquals(T, Bind.ofText("", "s").resultFormat(5));
    Bind allBinary = new Bind("", "s", List.of(), List.of(), List.of(B));
    assertEquals(B, allBinary.resultFormat(0));
    assertEquals(B, allBinary.resultFormat(9));
    Bind perColumn = new Bind("", "s", List.of(), List.of(), List.of(T, B));
    assertEquals(T, perColumn.resultFormat(0));
    assertEquals(B, perColumn.resultFormat(1));
    // Two codes and a third column: the client broke the protocol (PostgreSQL: 08P01).
    assertThrows(ProtocolException.class, () -> perColumn.resultFormat(2));
  }

  @Test
  void formatCountMustBeZeroOneOrOnePerParameter() {
    assertThrows(IllegalArgumentException.class,
        () -> new Bind("", "s", List.of(T, B), values(INT4_42, INT4_42, INT4_42), List.of()));
    // The same mismatch on the wire: 2 format codes, 3 parameters.
    ProtocolException e = assertThrows(ProtocolException.class, () -> decodeHex(Bind::decode,
        "00 00 0002 0000 0001 0003 00000000 00000000 00000000 0000"));
    assertTrue(e.getMessage().contains("2 parameter formats but 3 parameters"), e.getMessage());
  }

  @Test
  void formatCodeRuleStandsAlone() {
    assertEquals(T, FormatCode.of(List.of(), 3));
    assertEquals(B, FormatCode.of(List.of(B), 3));
    assertEquals(B, FormatCode.of(List.of(T, B), 1));
  }
}
