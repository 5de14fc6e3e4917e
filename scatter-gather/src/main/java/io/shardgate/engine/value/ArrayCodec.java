package io.shardgate.engine.value;

import io.shardgate.engine.EngineException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Arrays of any supported element type: text as array_out writes it ({@code {1,NULL,"a b"}},
 * {@code [0:1]={1,2}}, {@code {{1,2},{3,4}}}), binary as array_send writes it.
 */
final class ArrayCodec {
  private ArrayCodec() {}

  static PgType.Decoder decoder(PgType element) {
    return (bytes, format) -> format == Format.BINARY ? binary(bytes, element) : new TextParser(
        CodecSupport.text(bytes), element).parse();
  }

  /**
   * array_send, for the results the router converts from text to binary after a merge; null when the element
   * type has no encoder. Text output is not needed (arrays are passed through or written by array_agg's merge).
   */
  static PgType.Encoder encoder(PgType element) {
    if (element.encoder() == null) {
      return null;
    }
    return (value, format) -> {
      if (format != Format.BINARY) {
        throw EngineException.unsupportedType(element.oid(), "write in array text format");
      }
      ArrayValue a = (ArrayValue) value;
      int[] dims = a.dims();
      int[] lbounds = a.lowerBounds();
      PgValue[] elements = a.elements();
      List<byte[]> encoded = new ArrayList<>(elements.length);
      int size = 12 + 8 * dims.length;
      boolean hasNull = false;
      for (PgValue e : elements) {
        byte[] b = e == null ? null : element.encode(e, Format.BINARY);
        encoded.add(b);
        hasNull |= b == null;
        size += 4 + (b == null ? 0 : b.length);
      }
      ByteBuffer out = ByteBuffer.allocate(size);
      out.putInt(dims.length).putInt(hasNull ? 1 : 0).putInt(element.oid());
      for (int i = 0; i < dims.length; i++) {
        out.putInt(dims[i]).putInt(lbounds[i]);
      }
      for (byte[] b : encoded) {
        if (b == null) {
          out.putInt(-1);
        } else {
          out.putInt(b.length).put(b);
        }
      }
      return out.array();
    };
  }

  private static ArrayValue binary(byte[] bytes, PgType element) {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      int ndim = b.getInt();
      b.getInt(); // has-nulls flag
      int elementOid = b.getInt();
      if (elementOid != element.oid()) {
        throw EngineException.invalidBinary(element.name() + "[]", "element type OID " + elementOid);
      }
      int[] dims = new int[ndim];
      int[] lbounds = new int[ndim];
      int count = ndim == 0 ? 0 : 1;
      for (int i = 0; i < ndim; i++) {
        dims[i] = b.getInt();
        lbounds[i] = b.getInt();
        count = Math.multiplyExact(count, dims[i]);
      }
      PgValue[] elements = new PgValue[count];
      for (int i = 0; i < count; i++) {
        int len = b.getInt();
        if (len >= 0) {
          byte[] v = new byte[len];
          b.get(v);
          elements[i] = element.decode(v, Format.BINARY);
        }
      }
      return new ArrayValue(dims, lbounds, elements);
    } catch (BufferUnderflowException | ArithmeticException e) {
      throw EngineException.invalidBinary(element.name() + "[]", "truncated");
    }
  }

  /** array_in for the shapes array_out produces. */
  private static final class TextParser {
    private final String s;
    private final PgType element;
    private int pos;
    private final List<PgValue> elements = new ArrayList<>();
    private final List<Integer> dims = new ArrayList<>();

    TextParser(String s, PgType element) {
      this.s = s;
      this.element = element;
    }

    ArrayValue parse() {
      try {
        int[] explicitLower = s.startsWith("[") ? bounds() : null;
        level(0);
        if (pos != s.length()) {
          throw error();
        }
        int[] d = dims.stream().mapToInt(Integer::intValue).toArray();
        if (elements.isEmpty()) {
          d = new int[0];
        }
        int[] lower = explicitLower != null ? explicitLower : new int[d.length];
        if (explicitLower == null) {
          Arrays.fill(lower, 1);
        } else if (lower.length != d.length) {
          throw error();
        }
        return new ArrayValue(d, lower, elements.toArray(new PgValue[0]));
      } catch (IndexOutOfBoundsException | NumberFormatException e) {
        throw error();
      }
    }

    private int[] bounds() {
      List<Integer> lower = new ArrayList<>();
      while (s.charAt(pos) == '[') {
        int colon = s.indexOf(':', pos);
        lower.add(Integer.parseInt(s.substring(pos + 1, colon)));
        pos = s.indexOf(']', colon) + 1;
      }
      if (s.charAt(pos++) != '=') {
        throw error();
      }
      return lower.stream().mapToInt(Integer::intValue).toArray();
    }

    private void level(int depth) {
      if (s.charAt(pos++) != '{') {
        throw error();
      }
      int count = 0;
      if (s.charAt(pos) == '}') {
        pos++;
        recordDim(depth, 0);
        return;
      }
      while (true) {
        if (s.charAt(pos) == '{') {
          level(depth + 1);
        } else {
          item();
        }
        count++;
        char c = s.charAt(pos++);
        if (c == '}') {
          break;
        }
        if (c != ',') {
          throw error();
        }
      }
      recordDim(depth, count);
    }

    /** Inner levels finish first, so a level's length is recorded once known and must match its siblings. */
    private void recordDim(int depth, int count) {
      while (dims.size() <= depth) {
        dims.add(-1);
      }
      if (dims.get(depth) == -1) {
        dims.set(depth, count);
      } else if (dims.get(depth) != count) {
        throw error();
      }
    }

    private void item() {
      StringBuilder sb = new StringBuilder();
      boolean quoted = s.charAt(pos) == '"';
      if (quoted) {
        pos++;
        for (char c = s.charAt(pos++); c != '"'; c = s.charAt(pos++)) {
          sb.append(c == '\\' ? s.charAt(pos++) : c);
        }
      } else {
        for (char c = s.charAt(pos); c != ',' && c != '}'; c = s.charAt(++pos)) {
          sb.append(c == '\\' ? s.charAt(++pos) : c);
        }
      }
      String text = quoted ? sb.toString() : sb.toString().strip();
      elements.add(!quoted && text.equalsIgnoreCase("NULL") ? null
          : element.decode(text.getBytes(StandardCharsets.UTF_8), Format.TEXT));
    }

    private EngineException error() {
      return EngineException.invalidText(element.name() + "[]", s);
    }
  }
}
