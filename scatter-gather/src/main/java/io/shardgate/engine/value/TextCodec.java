package io.shardgate.engine.value;

import io.shardgate.engine.EngineException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The byte-ordered types: text, varchar, name, bpchar, bytea, uuid, and json (kept as bytes, never compared).
 *
 * <p>Strings compare by their UTF-8 bytes, which is PostgreSQL's order under the C collation (and under any
 * deterministic "byte order" collation, e.g. C.UTF-8 / pg_c_utf8). This is the only collation the engine
 * supports: a node whose columns use a linguistic collation (en_US, ICU und-x-icu...) orders strings in ways
 * Java cannot reproduce exactly (libc's strcoll tables, the node's ICU version). Merging such columns would
 * need PostgreSQL itself to compare: e.g. shards add {@code col COLLATE "C"} sort keys only when the client
 * asked for C order, or the router merges through a PostgreSQL (a coordinator that runs the final ORDER BY).
 * The planner must refuse, not approximate, ordered merges of strings under other collations.
 */
final class TextCodec {
  private static final HexFormat HEX = HexFormat.of();

  private TextCodec() {}

  /** text, varchar, name: the same bytes in text and binary format (client_encoding UTF8). */
  static PgValue decodeText(byte[] bytes, Format format) {
    return new BytesValue(bytes);
  }

  /** bpchar compares without its trailing spaces, as PostgreSQL's bpcharcmp does ('ab  ' = 'ab'). */
  static PgValue decodeBpchar(byte[] bytes, Format format) {
    int n = bytes.length;
    while (n > 0 && bytes[n - 1] == ' ') {
      n--;
    }
    return new BytesValue(n == bytes.length ? bytes : Arrays.copyOf(bytes, n));
  }

  static byte[] encodeText(PgValue value, Format format) {
    return ((BytesValue) value).bytes();
  }

  /** bytea: hex text ({@code \x0aff}, the default bytea_output) or the older escape text; raw binary. */
  static PgValue decodeBytea(byte[] bytes, Format format) {
    if (format == Format.BINARY) {
      return new BytesValue(bytes);
    }
    if (bytes.length >= 2 && bytes[0] == '\\' && bytes[1] == 'x') {
      try {
        return new BytesValue(HEX.parseHex(new String(bytes, 2, bytes.length - 2, StandardCharsets.US_ASCII)));
      } catch (IllegalArgumentException e) {
        throw EngineException.invalidText("bytea", CodecSupport.text(bytes));
      }
    }
    return new BytesValue(unescape(bytes));
  }

  private static byte[] unescape(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    for (int i = 0; i < in.length; i++) {
      if (in[i] != '\\') {
        out.write(in[i]);
      } else if (i + 1 < in.length && in[i + 1] == '\\') {
        out.write('\\');
        i++;
      } else if (i + 3 < in.length && isOctal(in[i + 1]) && isOctal(in[i + 2]) && isOctal(in[i + 3])) {
        out.write(((in[i + 1] - '0') << 6) | ((in[i + 2] - '0') << 3) | (in[i + 3] - '0'));
        i += 3;
      } else {
        throw EngineException.invalidText("bytea", CodecSupport.text(in));
      }
    }
    return out.toByteArray();
  }

  private static boolean isOctal(byte b) {
    return b >= '0' && b <= '7';
  }

  static byte[] encodeBytea(PgValue value, Format format) {
    byte[] b = ((BytesValue) value).bytes();
    return format == Format.BINARY ? b : CodecSupport.ascii("\\x" + HEX.formatHex(b));
  }

  /** uuid: 16 bytes compared as memcmp (PostgreSQL's uuid_cmp), not as Java's signed UUID order. */
  static PgValue decodeUuid(byte[] bytes, Format format) {
    if (format == Format.BINARY) {
      CodecSupport.fixed(bytes, 16, "uuid");
      return new BytesValue(bytes);
    }
    String s = CodecSupport.text(bytes).trim();
    String hex = s.replace("-", "").replace("{", "").replace("}", "");
    if (hex.length() != 32) {
      throw EngineException.invalidText("uuid", s);
    }
    try {
      return new BytesValue(HEX.parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw EngineException.invalidText("uuid", s);
    }
  }

  static byte[] encodeUuid(PgValue value, Format format) {
    byte[] b = ((BytesValue) value).bytes();
    if (format == Format.BINARY) {
      return b;
    }
    String h = HEX.formatHex(b);
    return CodecSupport.ascii(h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-"
        + h.substring(16, 20) + "-" + h.substring(20));
  }

  /** jsonb: text, or binary as a version byte (1) followed by the text. */
  static PgValue decodeJsonb(byte[] bytes, Format format) {
    if (format == Format.BINARY) {
      if (bytes.length == 0 || bytes[0] != 1) {
        throw EngineException.invalidBinary("jsonb", "unsupported jsonb version");
      }
      return JsonbParser.parse(bytes, 1);
    }
    return JsonbParser.parse(bytes, 0);
  }
}
