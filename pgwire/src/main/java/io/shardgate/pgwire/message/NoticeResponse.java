package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import java.util.Map;

/** NoticeResponse ('N'): a warning or notice, with the same fields as ErrorResponse. */
public record NoticeResponse(Map<Character, String> fields) implements BackendMessage {
  public static final byte TYPE = 'N';

  public static NoticeResponse decode(ByteBuf body) {
    return new NoticeResponse(NoticeFields.decode(body, "NoticeResponse"));
  }

  @Override
  public void encode(ByteBuf out) {
    NoticeFields.encode(out, 'N', fields);
  }
}
