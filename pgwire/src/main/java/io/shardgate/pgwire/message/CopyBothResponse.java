package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.List;

/** CopyBothResponse ('W'): COPY data now flows both ways (replication); overall and column formats. */
public record CopyBothResponse(short overallFormat, List<Short> columnFormats) implements BackendMessage {
  public static final byte TYPE = 'W';

  public CopyBothResponse {
    columnFormats = CopyFormats.checked(overallFormat, columnFormats);
  }

  /** A textual COPY of {@code columns} columns. */
  public static CopyBothResponse text(int columns) {
    return new CopyBothResponse(FormatCode.TEXT, Collections.nCopies(columns, FormatCode.TEXT));
  }

  public static CopyBothResponse decode(ByteBuf body) {
    CopyFormats f = CopyFormats.decode(body, "CopyBothResponse");
    return new CopyBothResponse(f.overallFormat(), f.columnFormats());
  }

  @Override
  public void encode(ByteBuf out) {
    CopyFormats.encode(out, 'W', overallFormat, columnFormats);
  }
}
