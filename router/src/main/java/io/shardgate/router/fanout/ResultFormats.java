package io.shardgate.router.fanout;

import io.shardgate.engine.EngineException;
import io.shardgate.engine.RowStream;
import io.shardgate.engine.value.Format;
import io.shardgate.engine.value.PgType;
import io.shardgate.engine.value.PgTypes;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;
import io.shardgate.router.errors.Errors;
import io.shardgate.router.errors.SqlError;
import java.util.ArrayList;
import java.util.List;

/**
 * The result formats a client asked for in Bind, applied to a merged fan-out result. When the client wants
 * one format for every column (no codes, one code, or equal codes) the shards are asked for that format and
 * the merge computes in it; with mixed codes the shards answer in text and each column the client wants in
 * binary is converted (decoded from PostgreSQL's text form, encoded in its binary send form) after the merge.
 */
public record ResultFormats(List<Short> codes) {
  public static final ResultFormats TEXT = new ResultFormats(List.of());

  public ResultFormats {
    codes = List.copyOf(codes);
    for (short c : codes) {
      if (c != 0 && c != 1) {
        throw Errors.protocolViolation("unsupported format code: " + c);
      }
    }
  }

  /** The one format every column has, or null when the codes are mixed. */
  public Format uniform() {
    if (codes.isEmpty()) {
      return Format.TEXT;
    }
    short first = codes.get(0);
    for (short c : codes) {
      if (c != first) {
        return null;
      }
    }
    return Format.of(first);
  }

  /**
   * The result format codes to bind on every shard: the one format, or, for mixed codes and a plan that passes
   * the client's columns through, the client's codes with text for the columns only the merge reads (else text,
   * converted after the merge).
   */
  public List<Short> shardCodes(FanoutPlan plan) {
    Format f = uniform();
    if (f != null) {
      return f == Format.TEXT ? List.of() : List.of(f.code());
    }
    if (plan.passthrough() == null) {
      return List.of();
    }
    List<Short> out = new ArrayList<>();
    for (int i = 0; i < plan.passthrough().leading(); i++) {
      out.add(Format.TEXT.code());
    }
    out.addAll(codes);
    for (int i = 0; i < plan.passthrough().trailing(); i++) {
      out.add(Format.TEXT.code());
    }
    return out;
  }

  /** The format the client wants for column {@code i} of {@code columns}. */
  private Format of(int i, int columns) {
    if (codes.isEmpty()) {
      return Format.TEXT;
    }
    if (codes.size() == 1) {
      return Format.of(codes.get(0));
    }
    if (codes.size() != columns) {
      throw new SqlError("08P01", "bind message has " + codes.size() + " result formats but query has " + columns
          + " columns", null, null);
    }
    return Format.of(codes.get(i));
  }

  /** The merged columns as the client sees them (format codes as it asked). */
  public RowDescription describe(RowDescription merged) {
    List<RowDescription.Field> out = new ArrayList<>();
    int n = merged.fields().size();
    for (int i = 0; i < n; i++) {
      RowDescription.Field f = merged.fields().get(i);
      Format want = of(i, n);
      out.add(new RowDescription.Field(f.name(), f.tableOid(), f.columnNumber(), f.typeOid(), f.typeSize(),
          f.typeModifier(), want.code()));
    }
    return new RowDescription(out);
  }

  /** {@code merged} with every column in the client's format; the same stream when nothing needs converting. */
  public RowStream apply(RowStream merged) {
    RowDescription d = merged.description();
    RowDescription wanted = describe(d);
    List<Integer> convert = new ArrayList<>();
    List<PgType> types = new ArrayList<>();
    for (int i = 0; i < d.fields().size(); i++) {
      if (d.fields().get(i).format() != wanted.fields().get(i).format()) {
        if (d.fields().get(i).format() != Format.TEXT.code()) {
          throw Errors.internal(new IllegalStateException("binary to text conversion of column " + i));
        }
        convert.add(i);
        PgType t = PgTypes.of(d.fields().get(i).typeOid(), "send in binary format");
        if (t.encoder() == null) {
          throw EngineException.unsupportedType(t.oid(), "send in binary format");
        }
        types.add(t);
      }
    }
    if (convert.isEmpty()) {
      return merged;
    }
    return new RowStream() {
      @Override
      public RowDescription description() {
        return wanted;
      }

      @Override
      public DataRow next() {
        DataRow row = merged.next();
        if (row == null) {
          return null;
        }
        List<byte[]> values = new ArrayList<>(row.values());
        for (int k = 0; k < convert.size(); k++) {
          int c = convert.get(k);
          byte[] v = values.get(c);
          if (v != null) {
            PgType t = types.get(k);
            values.set(c, t.encode(t.decode(v, Format.TEXT), Format.BINARY));
          }
        }
        return new DataRow(values);
      }

      @Override
      public void close() {
        merged.close();
      }
    };
  }
}
