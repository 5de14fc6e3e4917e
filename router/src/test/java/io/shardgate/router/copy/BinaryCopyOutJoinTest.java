package io.shardgate.router.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BinaryCopyOutJoinTest {
  private static final String HEADER = "5047434f50590aff0d0a00" + "00000000" + "00000000";
  private static final String ROW = "0001" + "00000008" + "000000000000002a";

  private static String trimmed(String hex, boolean first, int index) {
    ByteBuf body = Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
    boolean left = BinaryCopyOutJoin.trim(body, first, index);
    assertEquals(left, body.isReadable());
    return ByteBufUtil.hexDump(body);
  }

  @Test
  void keepsTheFirstShardsHeaderAndDropsEveryTrailer() {
    assertEquals(HEADER + ROW, trimmed(HEADER + ROW, true, 0));
    assertEquals(ROW, trimmed(HEADER + ROW, true, 3));
    assertEquals(ROW, trimmed(ROW, false, 3));
    assertEquals("", trimmed("ffff", false, 0));
    assertEquals("", trimmed("ffff", false, 5));
  }

  @Test
  void aShardWithoutRowsSendsHeaderAndTrailerTogether() {
    assertEquals(HEADER, trimmed(HEADER + "ffff", true, 0));
    assertEquals("", trimmed(HEADER + "ffff", true, 1));
  }

  @Test
  void aTupleWithoutFieldsIsNotATrailer() {
    ByteBuf body = Unpooled.wrappedBuffer(HexFormat.of().parseHex("0000"));
    assertTrue(BinaryCopyOutJoin.trim(body, false, 2));
    assertFalse(BinaryCopyOutJoin.trim(Unpooled.wrappedBuffer(HexFormat.of().parseHex("ffff")), false, 2));
  }
}
