package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.shardgate.pgwire.ProtocolException;
import io.shardgate.pgwire.Wire;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Bind ('B'): binds parameter values to prepared statement {@code statement}, creating portal
 * {@code portal} ("" names the unnamed ones). A null parameter is SQL NULL; parameter and result
 * formats follow {@link FormatCode#of}. Value arrays are not copied: treat them as immutable.
 */
public record Bind(String portal, String statement, List<Short> parameterFormats, List<byte[]> parameters,
                   List<Short> resultFormats) implements FrontendMessage {
  public static final byte TYPE = 'B';

  public Bind {
    parameterFormats = List.copyOf(parameterFormats);
    parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
    resultFormats = List.copyOf(resultFormats);
    BodyReader.checkCount(parameterFormats.size(), "parameter format codes");
    BodyReader.checkCount(parameters.size(), "parameters");
    BodyReader.checkCount(resultFormats.size(), "result format codes");
    if (!formatCountFits(parameterFormats.size(), parameters.size())) {
      throw new IllegalArgumentException(formatCountMismatch(parameterFormats.size(), parameters.size()));
    }
  }

  /** A Bind of text parameters (null stays SQL NULL) with text results, as simple drivers send it. */
  public static Bind ofText(String portal, String statement, String... values) {
    List<byte[]> params = Arrays.stream(values)
        .map(v -> v == null ? null : v.getBytes(StandardCharsets.UTF_8)).toList();
    return new Bind(portal, statement, List.of(), params, List.of());
  }

  public static Bind decode(ByteBuf body) {
    BodyReader r = new BodyReader(body, "Bind");
    String portal = r.cstring("portal name");
    String statement = r.cstring("statement name");
    List<Short> parameterFormats = formats(r, "parameter format");
    int n = r.count("parameter count");
    r.needElements(n, 4, "parameters");
    if (!formatCountFits(parameterFormats.size(), n)) {
      throw r.fail(formatCountMismatch(parameterFormats.size(), n));
    }
    List<byte[]> parameters = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int length = r.int32("parameter " + (i + 1) + " length");
      if (length < -1) {
        throw r.fail("invalid length " + length + " of parameter " + (i + 1));
      }
      parameters.add(length == -1 ? null : r.bytes(length, "parameter " + (i + 1) + " value"));
    }
    List<Short> resultFormats = formats(r, "result format");
    r.end();
    return new Bind(portal, statement, parameterFormats, parameters, resultFormats);
  }

  private static List<Short> formats(BodyReader r, String what) {
    int n = r.count(what + " count");
    r.needElements(n, 2, what + " codes");
    List<Short> codes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      codes.add(r.int16(what + " code"));
    }
    return codes;
  }

  // PostgreSQL's exec_bind_message rule: zero codes, one code for all, or exactly one per parameter.
  private static boolean formatCountFits(int formats, int parameters) {
    return formats <= 1 || formats == parameters;
  }

  private static String formatCountMismatch(int formats, int parameters) {
    return "bind message has " + formats + " parameter formats but " + parameters + " parameters";
  }

  public int parameterCount() {
    return parameters.size();
  }

  /** The format code of parameter {@code index} (0-based). */
  public short parameterFormat(int index) {
    Objects.checkIndex(index, parameters.size());
    return FormatCode.of(parameterFormats, index);
  }

  /** Whether parameter {@code index} (0-based) is sent in binary format. */
  public boolean isBinary(int index) {
    return parameterFormat(index) == FormatCode.BINARY;
  }

  /** Whether parameter {@code index} (0-based) is SQL NULL. */
  public boolean isNull(int index) {
    return parameters.get(index) == null;
  }

  /**
   * Parameter {@code index} (0-based) as text (UTF-8, the session's client_encoding), or null for SQL NULL.
   *
   * @throws IllegalStateException when the parameter is not in text format
   */
  public String textParameter(int index) {
    short format = parameterFormat(index);
    if (format != FormatCode.TEXT) {
      throw new IllegalStateException("parameter $" + (index + 1) + " is sent in format " + format + ", not text");
    }
    byte[] value = parameters.get(index);
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  /**
   * The format the client wants for result column {@code column} (0-based).
   *
   * @throws ProtocolException when the client sent several result codes but none for this column
   *     (PostgreSQL rejects such a Bind once it knows the column count)
   */
  public short resultFormat(int column) {
    if (resultFormats.size() > 1 && column >= resultFormats.size()) {
      throw new ProtocolException("bind message has " + resultFormats.size()
          + " result formats but query has at least " + (column + 1) + " columns");
    }
    return FormatCode.of(resultFormats, column);
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Wire.begin(out, 'B');
    Wire.writeCString(out, portal);
    Wire.writeCString(out, statement);
    writeFormats(out, parameterFormats);
    out.writeShort(parameters.size());
    for (byte[] v : parameters) {
      if (v == null) {
        out.writeInt(-1);
      } else {
        out.writeInt(v.length).writeBytes(v);
      }
    }
    writeFormats(out, resultFormats);
    Wire.end(out, at);
  }

  private static void writeFormats(ByteBuf out, List<Short> codes) {
    out.writeShort(codes.size());
    for (short c : codes) {
      out.writeShort(c);
    }
  }

  // Records compare arrays by identity; parameters are compared by content so decoded messages compare equal.
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Bind b)) {
      return false;
    }
    if (!portal.equals(b.portal) || !statement.equals(b.statement) || !parameterFormats.equals(b.parameterFormats)
        || !resultFormats.equals(b.resultFormats) || parameters.size() != b.parameters.size()) {
      return false;
    }
    for (int i = 0; i < parameters.size(); i++) {
      if (!Arrays.equals(parameters.get(i), b.parameters.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(portal, statement, parameterFormats, resultFormats);
    for (byte[] v : parameters) {
      h = 31 * h + Arrays.hashCode(v);
    }
    return h;
  }

  @Override
  public String toString() {
    List<String> sizes = parameters.stream().map(v -> v == null ? "NULL" : v.length + " bytes").toList();
    return "Bind[portal=" + portal + ", statement=" + statement + ", parameterFormats=" + parameterFormats
        + ", parameters=" + sizes + ", resultFormats=" + resultFormats + "]";
  }
}
