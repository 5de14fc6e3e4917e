package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
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
    int n = body.readUnsignedShort();
    List<byte[]> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int len = body.readInt();
      values.add(len < 0 ? null : ByteBufUtil.getBytes(body.readSlice(len)));
    }
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
