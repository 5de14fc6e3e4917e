package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import java.util.LinkedHashMap;
import java.util.Map;

/** ErrorResponse ('E'): severity, SQLSTATE, message and optional detail, hint and more, by field code. */
public record ErrorResponse(Map<Character, String> fields) implements BackendMessage {
  public static final byte TYPE = 'E';

  /** Builds an ERROR with the fields PostgreSQL always sends (S, V, C, M) and optional D and H. */
  public static ErrorResponse of(String severity, String sqlState, String message, String detail, String hint) {
    Map<Character, String> f = new LinkedHashMap<>();
    f.put('S', severity);
    f.put('V', severity);
    f.put('C', sqlState);
    f.put('M', message);
    if (detail != null) {
      f.put('D', detail);
    }
    if (hint != null) {
      f.put('H', hint);
    }
    return new ErrorResponse(f);
  }

  public static ErrorResponse decode(ByteBuf body) {
    return new ErrorResponse(NoticeFields.decode(body, "ErrorResponse"));
  }

  public String sqlState() {
    return fields.get('C');
  }

  public String message() {
    return fields.get('M');
  }

  @Override
  public void encode(ByteBuf out) {
    NoticeFields.encode(out, 'E', fields);
  }
}
