package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.List;

/** CopyInResponse ('G'): the server is ready for COPY FROM STDIN data; overall and column formats. */
public record CopyInResponse(short overallFormat, List<Short> columnFormats) implements BackendMessage {
  public static final byte TYPE = 'G';

  public CopyInResponse {
    columnFormats = CopyFormats.checked(overallFormat, columnFormats);
  }

  /** A textual COPY of {@code columns} columns. */
  public static CopyInResponse text(int columns) {
    return new CopyInResponse(FormatCode.TEXT, Collections.nCopies(columns, FormatCode.TEXT));
  }

  public static CopyInResponse decode(ByteBuf body) {
    CopyFormats f = CopyFormats.decode(body, "CopyInResponse");
    return new CopyInResponse(f.overallFormat(), f.columnFormats());
  }

  @Override
  public void encode(ByteBuf out) {
    CopyFormats.encode(out, 'G', overallFormat, columnFormats);
  }
}
