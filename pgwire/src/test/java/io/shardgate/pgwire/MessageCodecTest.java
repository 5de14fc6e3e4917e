package io.shardgate.pgwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.shardgate.pgwire.message.BackendKeyData;
import io.shardgate.pgwire.message.CommandComplete;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.ErrorResponse;
import io.shardgate.pgwire.message.ParameterStatus;
import io.shardgate.pgwire.message.Query;
import io.shardgate.pgwire.message.ReadyForQuery;
import io.shardgate.pgwire.message.RowDescription;
import io.shardgate.pgwire.message.StartupMessage;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
  private static String hex(Consumer<ByteBuf> encoder) {
    ByteBuf buf = Unpooled.buffer();
    try {
      encoder.accept(buf);
      return ByteBufUtil.hexDump(buf);
    } finally {
      buf.release();
    }
  }

  @Test
  void readyForQueryIsExact() {
    assertEquals("5a0000000549", hex(ReadyForQuery.IDLE::encode));
    assertEquals("5a0000000545", hex(ReadyForQuery.FAILED::encode));
  }

  @Test
  void queryIsExactAndRoundTrips() {
    assertEquals("510000000d53454c454354203100", hex(new Query("SELECT 1")::encode));
    ByteBuf body = Unpooled.wrappedBuffer("SELECT 1\0".getBytes());
    assertEquals(new Query("SELECT 1"), Query.decode(body));
  }

  @Test
  void commandCompleteAndParameterStatusAreExact() {
    assertEquals("430000000d53454c454354203100", hex(new CommandComplete("SELECT 1")::encode));
    assertEquals("530000000861006200", hex(new ParameterStatus("a", "b")::encode));
    assertEquals("4b0000000c0000002a00000007", hex(new BackendKeyData(42, 7)::encode));
  }

  @Test
  void startupMessageIsExactAndRoundTrips() {
    StartupMessage m = new StartupMessage(StartupMessage.PROTOCOL_3_0, Map.of("user", "u"));
    assertEquals("00000010000300007573657200750000", hex(m::encode));
    ByteBuf buf = Unpooled.buffer();
    m.encode(buf);
    buf.skipBytes(8);
    assertEquals(m, StartupMessage.decode(StartupMessage.PROTOCOL_3_0, buf));
    buf.release();
  }

  @Test
  void errorResponseRoundTrips() {
    ErrorResponse e = ErrorResponse.of("ERROR", "0A000", "no route", null, "add a key");
    ByteBuf buf = Unpooled.buffer();
    e.encode(buf);
    assertEquals('E', buf.readByte());
    assertEquals(buf.readableBytes(), buf.readInt());
    ErrorResponse back = ErrorResponse.decode(buf);
    assertEquals(e, back);
    assertEquals("0A000", back.sqlState());
    buf.release();
  }

  @Test
  void rowDescriptionAndDataRowRoundTrip() {
    RowDescription rd = new RowDescription(List.of(RowDescription.Field.text("route"), RowDescription.Field.text("x")));
    ByteBuf buf = Unpooled.buffer();
    rd.encode(buf);
    buf.skipBytes(5);
    assertEquals(rd, RowDescription.decode(buf));
    buf.clear();
    DataRow row = DataRow.ofText("a", null, "");
    row.encode(buf);
    assertEquals("440000001300030000000161ffffffff00000000", ByteBufUtil.hexDump(buf));
    buf.skipBytes(5);
    DataRow back = DataRow.decode(buf);
    assertArrayEquals("a".getBytes(), back.values().get(0));
    assertEquals(null, back.values().get(1));
    assertEquals(0, back.values().get(2).length);
    buf.release();
  }
}
