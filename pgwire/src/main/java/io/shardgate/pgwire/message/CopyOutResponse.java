package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.List;

/** CopyOutResponse ('H'): the server is about to send COPY TO STDOUT data; overall and column formats. */
public record CopyOutResponse(short overallFormat, List<Short> columnFormats) implements BackendMessage {
  public static final byte TYPE = 'H';

  public CopyOutResponse {
    columnFormats = CopyFormats.checked(overallFormat, columnFormats);
  }

  /** A textual COPY of {@code columns} columns. */
  public static CopyOutResponse text(int columns) {
    return new CopyOutResponse(FormatCode.TEXT, Collections.nCopies(columns, FormatCode.TEXT));
  }

  public static CopyOutResponse decode(ByteBuf body) {
    CopyFormats f = CopyFormats.decode(body, "CopyOutResponse");
    return new CopyOutResponse(f.overallFormat(), f.columnFormats());
  }

  @Override
  public void encode(ByteBuf out) {
    CopyFormats.encode(out, 'H', overallFormat, columnFormats);
  }
}
