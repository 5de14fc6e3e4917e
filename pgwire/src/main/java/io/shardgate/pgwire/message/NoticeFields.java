package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.shardgate.pgwire.Wire;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The field list shared by ErrorResponse and NoticeResponse: a code byte and a string per field. */
final class NoticeFields {
  private NoticeFields() {}

  static Map<Character, String> decode(ByteBuf body, String message) {
    BodyReader r = new BodyReader(body, message);
    Map<Character, String> fields = new LinkedHashMap<>();
    for (byte code = r.int8("field type"); code != 0; code = r.int8("field type")) {
      fields.put((char) code, r.cstring("field '" + (char) code + "'"));
    }
    r.end();
    return Collections.unmodifiableMap(fields);
  }

  static void encode(ByteBuf out, char type, Map<Character, String> fields) {
    int at = Wire.begin(out, type);
    fields.forEach((code, value) -> {
      out.writeByte(code);
      Wire.writeCString(out, value);
    });
    out.writeByte(0);
    Wire.end(out, at);
  }
}
