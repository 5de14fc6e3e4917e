package io.shardgate.engine.value;

import io.shardgate.engine.EngineException;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/** Parses JSON text into a jsonb tree, normalised as jsonb stores it (last duplicate key wins, keys sorted). */
final class JsonbParser {
  /** jsonb's key order: shorter keys first, then bytes. */
  static final Comparator<BytesValue> KEY_ORDER =
      Comparator.<BytesValue>comparingInt(k -> k.bytes().length).thenComparing(k -> k, BytesValue::compareTo);

  private final byte[] in;
  private int pos;

  private JsonbParser(byte[] in, int start) {
    this.in = in;
    this.pos = start;
  }

  static JsonbValue parse(byte[] utf8, int start) {
    JsonbParser p = new JsonbParser(utf8, start);
    JsonbValue.Node root = p.value();
    p.skipSpace();
    if (p.pos != utf8.length) {
      throw p.error();
    }
    return new JsonbValue(root);
  }

  private JsonbValue.Node value() {
    skipSpace();
    if (pos >= in.length) {
      throw error();
    }
    byte c = in[pos];
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return new JsonbValue.Str(string());
      case 't':
        return literal("true", new JsonbValue.Bool(true));
      case 'f':
        return literal("false", new JsonbValue.Bool(false));
      case 'n':
        return literal("null", new JsonbValue.Null());
      default:
        return number();
    }
  }

  private JsonbValue.Node object() {
    pos++;
    TreeMap<BytesValue, JsonbValue.Node> pairs = new TreeMap<>(KEY_ORDER);
    skipSpace();
    if (peek() == '}') {
      pos++;
      return new JsonbValue.Obj(List.of(), List.of());
    }
    do {
      skipSpace();
      BytesValue key = string();
      skipSpace();
      expect(':');
      pairs.put(key, value());
      skipSpace();
    } while (next() == ',');
    if (in[pos - 1] != '}') {
      throw error();
    }
    List<JsonbValue.Str> keys = new ArrayList<>();
    pairs.keySet().forEach(k -> keys.add(new JsonbValue.Str(k)));
    return new JsonbValue.Obj(keys, new ArrayList<>(pairs.values()));
  }

  private JsonbValue.Node array() {
    pos++;
    List<JsonbValue.Node> elements = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      pos++;
      return new JsonbValue.Arr(elements);
    }
    do {
      elements.add(value());
      skipSpace();
    } while (next() == ',');
    if (in[pos - 1] != ']') {
      throw error();
    }
    return new JsonbValue.Arr(elements);
  }

  private BytesValue string() {
    expect('"');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      byte c = next();
      if (c == '"') {
        return new BytesValue(out.toByteArray());
      }
      if (c != '\\') {
        out.write(c);
        continue;
      }
      byte e = next();
      switch (e) {
        case 'b' -> out.write('\b');
        case 'f' -> out.write('\f');
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case 'u' -> out.writeBytes(unicodeEscape());
        default -> out.write(e);
      }
    }
  }

  private byte[] unicodeEscape() {
    int cp = hex4();
    if (Character.isHighSurrogate((char) cp) && pos + 1 < in.length && in[pos] == '\\' && in[pos + 1] == 'u') {
      pos += 2;
      cp = Character.toCodePoint((char) cp, (char) hex4());
    }
    return new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
  }

  private int hex4() {
    if (pos + 4 > in.length) {
      throw error();
    }
    int v = Integer.parseInt(new String(in, pos, 4, StandardCharsets.US_ASCII), 16);
    pos += 4;
    return v;
  }

  private JsonbValue.Node number() {
    int start = pos;
    while (pos < in.length && "+-0123456789.eE".indexOf(in[pos]) >= 0) {
      pos++;
    }
    try {
      return new JsonbValue.Num(NumericValue.of(new BigDecimal(new String(in, start, pos - start,
          StandardCharsets.US_ASCII))));
    } catch (NumberFormatException e) {
      throw error();
    }
  }

  private JsonbValue.Node literal(String word, JsonbValue.Node node) {
    byte[] w = word.getBytes(StandardCharsets.US_ASCII);
    if (pos + w.length > in.length || !Arrays.equals(in, pos, pos + w.length, w, 0, w.length)) {
      throw error();
    }
    pos += w.length;
    return node;
  }

  private void skipSpace() {
    while (pos < in.length && (in[pos] == ' ' || in[pos] == '\t' || in[pos] == '\n' || in[pos] == '\r')) {
      pos++;
    }
  }

  private byte peek() {
    return pos < in.length ? in[pos] : 0;
  }

  private byte next() {
    if (pos >= in.length) {
      throw error();
    }
    return in[pos++];
  }

  private void expect(char c) {
    if (next() != c) {
      throw error();
    }
  }

  private EngineException error() {
    return EngineException.invalidText("jsonb", new String(in, StandardCharsets.UTF_8));
  }
}
