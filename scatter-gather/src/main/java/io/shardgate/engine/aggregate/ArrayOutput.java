package io.shardgate.engine.aggregate;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A one-dimensional array (lower bound 1) around elements already in the wire format: PostgreSQL's text form
 * ({@code array_out}: {@code {a,b,"c d",NULL}}) or its binary send form ({@code array_send}).
 */
final class ArrayOutput {
  private ArrayOutput() {}

  /** {@code {e1,e2,...}}: NULL unquoted; an element quoted when empty, "NULL", or holding {@code {}",\} or space. */
  static byte[] text(List<byte[]> elements) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write('{');
    for (int i = 0; i < elements.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      byte[] e = elements.get(i);
      if (e == null) {
        out.writeBytes("NULL".getBytes(StandardCharsets.US_ASCII));
      } else if (needsQuotes(e)) {
        out.write('"');
        for (byte b : e) {
          if (b == '"' || b == '\\') {
            out.write('\\');
          }
          out.write(b);
        }
        out.write('"');
      } else {
        out.writeBytes(e);
      }
    }
    out.write('}');
    return out.toByteArray();
  }

  private static boolean needsQuotes(byte[] e) {
    if (e.length == 0 || new String(e, StandardCharsets.UTF_8).equalsIgnoreCase("NULL")) {
      return true;
    }
    for (byte b : e) {
      switch (b) {
        case '{', '}', '"', ',', '\\', ' ', '\t', '\n', '\r', 0x0B, '\f':
          return true;
        default:
          break;
      }
    }
    return false;
  }

  /** ndim 1, the has-NULL flag, the element type, the length and lower bound 1, then length-prefixed elements. */
  static byte[] binary(int elementOid, List<byte[]> elements) {
    int size = 20;
    boolean hasNull = false;
    for (byte[] e : elements) {
      size += 4 + (e == null ? 0 : e.length);
      hasNull |= e == null;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putInt(1).putInt(hasNull ? 1 : 0).putInt(elementOid).putInt(elements.size()).putInt(1);
    for (byte[] e : elements) {
      if (e == null) {
        b.putInt(-1);
      } else {
        b.putInt(e.length).put(e);
      }
    }
    return b.array();
  }
}
