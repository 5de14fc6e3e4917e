package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.shardgate.pgwire.Wire;
import java.util.ArrayList;
import java.util.List;

/**
 * The body shared by CopyInResponse, CopyOutResponse and CopyBothResponse: an Int8 overall format
 * (0 text, 1 binary), then an Int16 column count and an Int16 format code per column.
 */
record CopyFormats(short overallFormat, List<Short> columnFormats) {
  /** Validates a message's fields and returns an immutable copy of the column formats. */
  static List<Short> checked(short overallFormat, List<Short> columnFormats) {
    if (overallFormat != FormatCode.TEXT && overallFormat != FormatCode.BINARY) {
      throw new IllegalArgumentException("overall COPY format must be 0 or 1, not " + overallFormat);
    }
    BodyReader.checkCount(columnFormats.size(), "column format codes");
    return List.copyOf(columnFormats);
  }

  static CopyFormats decode(ByteBuf body, String message) {
    BodyReader r = new BodyReader(body, message);
    short overall = r.int8("overall format");
    if (overall != FormatCode.TEXT && overall != FormatCode.BINARY) {
      throw r.fail("invalid overall format " + overall);
    }
    int n = r.count("column count");
    r.needElements(n, 2, "column format codes");
    List<Short> columns = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      columns.add(r.int16("column format code"));
    }
    r.end();
    return new CopyFormats(overall, columns);
  }

  static void encode(ByteBuf out, char type, short overallFormat, List<Short> columnFormats) {
    int at = Wire.begin(out, type);
    out.writeByte(overallFormat);
    out.writeShort(columnFormats.size());
    for (short f : columnFormats) {
      out.writeShort(f);
    }
    Wire.end(out, at);
  }
}
