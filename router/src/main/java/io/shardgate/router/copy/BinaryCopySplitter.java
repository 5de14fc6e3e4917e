package io.shardgate.router.copy;

import io.shardgate.router.errors.Errors;
import io.shardgate.topology.KeyType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Cuts a binary COPY stream (PostgreSQL's "PGCOPY" file format) into its file header and its tuples:
 * the 11-byte signature, int32 flags and an int32-length header extension; then tuples of an int16
 * field count and int32-length-prefixed fields (-1 = NULL); then the int16 -1 trailer. Each shard's
 * stream gets the header, its own tuples and a trailer. Data that breaks the format is refused with
 * 22P04 in PostgreSQL's own words, before anything is committed.
 */
public final class BinaryCopySplitter implements CopySplitter {
  /** "PGCOPY\n\377\r\n\0". */
  private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
  private static final int FIXED_HEADER = SIGNATURE.length + 8;
  private static final byte[] TRAILER = {(byte) 0xFF, (byte) 0xFF};
  private static final int OIDS_FLAG = 1 << 16;
  /** PostgreSQL's largest value (MaxAllocSize - 1): a longer field is a broken length, not data to wait for. */
  private static final int MAX_FIELD = (1 << 30) - 1;

  private enum State { HEADER, TUPLES, ENDED }

  private final KeyType keyType;
  private byte[] buf = new byte[8192];
  private int start;
  private int end;
  private State state = State.HEADER;
  private int expectedFields = -1;

  public BinaryCopySplitter(KeyType keyType) {
    this.keyType = keyType;
  }

  @Override
  public boolean hasFileHeader() {
    return true;
  }

  @Override
  public byte[] trailer() {
    return TRAILER.clone();
  }

  @Override
  public void expectFields(int count) {
    expectedFields = count;
  }

  @Override
  public List<byte[]> feed(byte[] data) {
    if (state == State.ENDED) {
      if (data.length > 0) {
        throw Errors.badCopyFormat("received copy data after EOF marker");
      }
      return List.of();
    }
    append(data);
    List<byte[]> rows = new ArrayList<>();
    while (true) {
      byte[] unit = state == State.HEADER ? header() : tuple();
      if (unit == null) {
        break;
      }
      rows.add(unit);
    }
    if (state == State.ENDED && end > start) {
      throw Errors.badCopyFormat("received copy data after EOF marker");
    }
    return rows;
  }

  @Override
  public byte[] finish() {
    if (state == State.HEADER) {
      throw Errors.badCopyFormat("COPY file signature not recognized");
    }
    if (end > start) {
      throw Errors.badCopyFormat("unexpected EOF in COPY data");
    }
    return null;
  }

  /** The file header when all of it is here, else null. */
  private byte[] header() {
    if (end - start < FIXED_HEADER) {
      if (!Arrays.equals(buf, start, Math.min(end, start + SIGNATURE.length), SIGNATURE, 0,
          Math.min(end - start, SIGNATURE.length))) {
        throw Errors.badCopyFormat("COPY file signature not recognized");
      }
      return null;
    }
    if (!Arrays.equals(buf, start, start + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
      throw Errors.badCopyFormat("COPY file signature not recognized");
    }
    int flags = intAt(start + SIGNATURE.length);
    if ((flags & OIDS_FLAG) != 0) {
      throw Errors.badCopyFormat("invalid COPY file header (WITH OIDS)");
    }
    if ((flags >>> 16) != 0) {
      throw Errors.badCopyFormat("unrecognized critical flags in COPY file header");
    }
    int extension = intAt(start + SIGNATURE.length + 4);
    if (extension < 0) {
      throw Errors.badCopyFormat("invalid COPY file header (wrong length)");
    }
    if ((long) end - start < (long) FIXED_HEADER + extension) {
      return null;
    }
    state = State.TUPLES;
    return take(FIXED_HEADER + extension);
  }

  /** The next whole tuple, or null when it is incomplete or the trailer was reached. */
  private byte[] tuple() {
    if (end - start < 2) {
      return null;
    }
    short count = (short) (((buf[start] & 0xFF) << 8) | (buf[start + 1] & 0xFF));
    if (count == -1) {
      start += 2;
      state = State.ENDED;
      return null;
    }
    if (count < 0 || (expectedFields >= 0 && count != expectedFields)) {
      throw Errors.badCopyFormat("row field count is " + count
          + (expectedFields >= 0 ? ", expected " + expectedFields : ", which is not a valid count"));
    }
    long at = start + 2L;
    for (int f = 0; f < count; f++) {
      if (end - at < 4) {
        return null;
      }
      int length = intAt((int) at);
      if (length < -1 || length > MAX_FIELD) {
        throw Errors.badCopyFormat("invalid field size");
      }
      at += 4 + Math.max(length, 0);
      if (at > end) {
        return null;
      }
    }
    return take((int) (at - start));
  }

  @Override
  public String field(byte[] row, int index) {
    ByteBuffer b = ByteBuffer.wrap(row);
    int count = b.getShort();
    if (index < 0 || index >= count) {
      throw new IndexOutOfBoundsException("row has " + count + " fields");
    }
    for (int f = 0; f < index; f++) {
      int length = b.getInt();
      b.position(b.position() + Math.max(length, 0));
    }
    int length = b.getInt();
    if (length < 0) {
      return null;
    }
    byte[] value = new byte[length];
    b.get(value);
    return keyText(value);
  }

  /** A key field in binary form as the text its type's input function reads; integers by their width. */
  private String keyText(byte[] value) {
    ByteBuffer b = ByteBuffer.wrap(value);
    if (keyType.isInteger()) {
      return switch (value.length) {
        case 2 -> Short.toString(b.getShort());
        case 4 -> Integer.toString(b.getInt());
        case 8 -> Long.toString(b.getLong());
        default -> throw Errors.badCopyFormat("shard key field of " + value.length
            + " bytes is not a binary " + keyType.sqlName() + " (2, 4 or 8 bytes)");
      };
    }
    if (keyType == KeyType.UUID) {
      if (value.length != 16) {
        throw Errors.badCopyFormat("shard key field of " + value.length + " bytes is not a binary uuid (16 bytes)");
      }
      return new UUID(b.getLong(), b.getLong()).toString();
    }
    return new String(value, StandardCharsets.UTF_8);
  }

  private int intAt(int i) {
    return ((buf[i] & 0xFF) << 24) | ((buf[i + 1] & 0xFF) << 16) | ((buf[i + 2] & 0xFF) << 8) | (buf[i + 3] & 0xFF);
  }

  private byte[] take(int n) {
    byte[] out = Arrays.copyOfRange(buf, start, start + n);
    start += n;
    return out;
  }

  private void append(byte[] data) {
    if (start > 0 && start == end) {
      start = 0;
      end = 0;
    }
    if (end + data.length > buf.length) {
      int live = end - start;
      byte[] grown = live + data.length > buf.length ? new byte[Math.max(buf.length * 2, live + data.length)] : buf;
      System.arraycopy(buf, start, grown, 0, live);
      buf = grown;
      start = 0;
      end = live;
    }
    System.arraycopy(data, 0, buf, end, data.length);
    end += data.length;
  }
}
