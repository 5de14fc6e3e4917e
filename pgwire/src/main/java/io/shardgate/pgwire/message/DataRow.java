package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** DataRow ('D'): one row's column values as bytes; a null value is a null element. */
public record DataRow(List<byte[]> values) implements BackendMessage {
  public static final byte TYPE = 'D';

  public DataRow {
    values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
  }

  /** A row of text values (null stays SQL NULL). */
  public static DataRow ofText(String... texts) {
    return new DataRow(Arrays.stream(texts).map(t -> t == null ? null : t.getBytes(StandardCharsets.UTF_8)).toList());
  }

  public static DataRow decode(ByteBuf body) {
    BodyReader r = new BodyReader(body, "DataRow");
    int n = r.count("column count");
    r.needElements(n, 4, "column values");
    List<byte[]> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int len = r.int32("column " + (i + 1) + " length");
      if (len < -1) {
        throw r.fail("invalid length " + len + " of column " + (i + 1));
      }
      values.add(len == -1 ? null : r.bytes(len, "column " + (i + 1) + " value"));
    }
    r.end();
    return new DataRow(values);
  }

  @Override
  public void encode(ByteBuf out) {
    int at = io.shardgate.pgwire.Wire.begin(out, 'D');
    out.writeShort(values.size());
    for (byte[] v : values) {
      if (v == null) {
        out.writeInt(-1);
      } else {
        out.writeInt(v.length).writeBytes(v);
      }
    }
    io.shardgate.pgwire.Wire.end(out, at);
  }
}
