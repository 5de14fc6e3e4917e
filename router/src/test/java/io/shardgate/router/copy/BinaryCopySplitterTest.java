package io.shardgate.router.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.router.errors.SqlError;
import io.shardgate.topology.KeyType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BinaryCopySplitterTest {
  private static final String HEADER_HEX = "5047434f50590aff0d0a00" + "00000000" + "00000000";

  /** A tuple of fields, each null or bytes. */
  private static byte[] tuple(byte[]... fields) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeShort(fields.length);
    for (byte[] f : fields) {
      out.writeInt(f == null ? -1 : f.length);
      if (f != null) {
        out.write(f);
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] int8(long v) {
    return java.nio.ByteBuffer.allocate(8).putLong(v).array();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static final byte[] HEADER = HexFormat.of().parseHex(HEADER_HEX);
  private static final byte[] TRAILER = {(byte) 0xFF, (byte) 0xFF};

  @Test
  void splitsHeaderAndTuplesFedOneByteAtATime() throws Exception {
    byte[] t1 = tuple(int8(42), "forty-two".getBytes(StandardCharsets.UTF_8), null);
    byte[] t2 = tuple(int8(-7), null, new byte[0]);
    byte[] stream = concat(HEADER, t1, t2, TRAILER);
    BinaryCopySplitter splitter = new BinaryCopySplitter(KeyType.BIGINT);
    splitter.expectFields(3);
    List<byte[]> units = new ArrayList<>();
    for (byte b : stream) {
      units.addAll(splitter.feed(new byte[] {b}));
    }
    assertNull(splitter.finish());
    assertEquals(3, units.size());
    assertArrayEquals(HEADER, units.get(0));
    assertArrayEquals(t1, units.get(1));
    assertArrayEquals(t2, units.get(2));
    assertEquals("42", splitter.field(units.get(1), 0));
    assertEquals("forty-two", new BinaryCopySplitter(KeyType.TEXT).field(units.get(1), 1));
    assertNull(splitter.field(units.get(1), 2), "NULL");
    assertEquals("-7", splitter.field(units.get(2), 0));
    assertArrayEquals(TRAILER, splitter.trailer());
    assertTrue(splitter.hasFileHeader());
  }

  @Test
  void keepsAHeaderExtensionAndReadsEveryKeyType() throws Exception {
    byte[] header = concat(HexFormat.of().parseHex("5047434f50590aff0d0a00" + "00000000" + "00000003"), new byte[] {1, 2, 3});
    UUID uuid = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    byte[] uuidBytes = java.nio.ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits()).array();
    byte[] t = tuple(new byte[] {0, 5}, new byte[] {0, 0, 1, 0}, int8(Long.MIN_VALUE), uuidBytes);
    BinaryCopySplitter ints = new BinaryCopySplitter(KeyType.BIGINT);
    List<byte[]> units = ints.feed(concat(header, t));
    assertArrayEquals(header, units.get(0));
    assertEquals("5", ints.field(units.get(1), 0));
    assertEquals("256", ints.field(units.get(1), 1));
    assertEquals(Long.toString(Long.MIN_VALUE), ints.field(units.get(1), 2));
    assertEquals(uuid.toString(), new BinaryCopySplitter(KeyType.UUID).field(units.get(1), 3));
    assertThrows(IndexOutOfBoundsException.class, () -> ints.field(units.get(1), 4));
    SqlError wrongWidth = assertThrows(SqlError.class, () -> ints.field(units.get(1), 3));
    assertEquals("22P04", wrongWidth.sqlState());
    assertTrue(wrongWidth.getMessage().contains("16 bytes is not a binary bigint"), wrongWidth.getMessage());
    assertNull(ints.finish(), "no trailer: PostgreSQL accepts the end of data at a tuple boundary too");
  }

  @Test
  void malformedStreamsAreRefusedWith22P04() throws Exception {
    byte[] t = tuple(int8(1), null);
    assertBad("COPY file signature not recognized", "text instead of binary\n".getBytes(StandardCharsets.UTF_8));
    assertBad("invalid COPY file header (WITH OIDS)", HexFormat.of().parseHex("5047434f50590aff0d0a00" + "00010000" + "00000000"));
    assertBad("unrecognized critical flags", HexFormat.of().parseHex("5047434f50590aff0d0a00" + "00020000" + "00000000"));
    assertBad("received copy data after EOF marker", concat(HEADER, t, TRAILER, t));
    assertBad("invalid field size", concat(HEADER, HexFormat.of().parseHex("0002fffffffe")));
    assertBad("row field count is 3, expected 2", concat(HEADER, tuple(int8(1), null, null)));
    assertBad("row field count is -2", concat(HEADER, HexFormat.of().parseHex("fffe")));

    BinaryCopySplitter truncated = new BinaryCopySplitter(KeyType.BIGINT);
    truncated.feed(concat(HEADER, Arrays.copyOf(t, t.length - 1)));
    SqlError eof = assertThrows(SqlError.class, truncated::finish);
    assertEquals("unexpected EOF in COPY data", eof.getMessage());
    SqlError empty = assertThrows(SqlError.class, new BinaryCopySplitter(KeyType.BIGINT)::finish);
    assertEquals("COPY file signature not recognized", empty.getMessage());
  }

  private static void assertBad(String message, byte[] stream) {
    BinaryCopySplitter splitter = new BinaryCopySplitter(KeyType.BIGINT);
    splitter.expectFields(2);
    SqlError e = assertThrows(SqlError.class, () -> splitter.feed(stream));
    assertEquals("22P04", e.sqlState());
    assertTrue(e.getMessage().startsWith(message), e.getMessage() + " should start with " + message);
  }
}
