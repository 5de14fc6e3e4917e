package io.shardgate.engine.aggregate;

import io.shardgate.engine.EngineException;
import io.shardgate.engine.RowOrdering;
import io.shardgate.engine.SortKey;
import io.shardgate.engine.TypedColumn;
import io.shardgate.engine.value.BytesValue;
import io.shardgate.engine.value.PgType;
import io.shardgate.engine.value.PgTypes;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * string_agg(value, delimiter [ORDER BY ...]) over raw per-row inputs (one shard row per input row): the
 * group's rows sorted by {@code order}, non-NULL values joined, each but the first preceded by its own row's
 * delimiter (a NULL delimiter adds nothing), as PostgreSQL's string_agg does. NULL when no value is non-NULL.
 * text (also varchar, name and bpchar, whose trailing spaces go as in the cast to text) gives text; bytea
 * gives bytea. Holds the group's rows in memory until the group is complete.
 */
public record StringAgg(int value, int delimiter, List<SortKey> order) implements Aggregate {
  public StringAgg {
    order = List.copyOf(order);
  }

  @Override
  public String describe() {
    return "string_agg(" + value + ", " + delimiter + (order.isEmpty() ? "" : " ORDER BY "
        + order.stream().map(SortKey::toString).collect(Collectors.joining(", "))) + ")";
  }

  @Override
  public Bound bind(RowDescription input) {
    TypedColumn v = TypedColumn.bind(input, value, "string_agg");
    TypedColumn d = TypedColumn.bind(input, delimiter, "string_agg");
    boolean bytea = v.type().oid() == PgTypes.BYTEA;
    if (!bytea && !isText(v.type().oid()) || bytea != (d.type().oid() == PgTypes.BYTEA)
        || !bytea && !isText(d.type().oid())) {
      throw EngineException.cannotCombine("string_agg", v.type().name() + ", " + d.type().name());
    }
    RowOrdering ordering = order.isEmpty() ? null : RowOrdering.bind(order, input);
    PgType out = PgTypes.of(bytea ? PgTypes.BYTEA : PgTypes.TEXT);
    return new Bound(out.field(v.field().name(), v.format()), () -> new Accumulator() {
      private final OrderedValues rows = new OrderedValues(ordering);

      @Override
      public void add(DataRow row) {
        rows.add(row);
      }

      @Override
      public byte[] result() {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        boolean any = false;
        for (DataRow row : rows.sorted()) {
          byte[] x = bytesOf(v, row, true);
          if (x == null) {
            continue;
          }
          byte[] sep = any ? bytesOf(d, row, false) : null;
          if (sep != null) {
            joined.writeBytes(sep);
          }
          joined.writeBytes(x);
          any = true;
        }
        return any ? out.encode(new BytesValue(joined.toByteArray()), v.format()) : null;
      }
    });
  }

  private static boolean isText(int oid) {
    return oid == PgTypes.TEXT || oid == PgTypes.VARCHAR || oid == PgTypes.NAME || oid == PgTypes.BPCHAR;
  }

  /**
   * The bytes to join: the string's UTF-8 (a bpchar value without trailing spaces, as its cast to text has it;
   * a delimiter the router typed as bpchar keeps them, it was text) or bytea's octets.
   */
  private static byte[] bytesOf(TypedColumn c, DataRow row, boolean trimBpchar) {
    byte[] raw = c.raw(row);
    if (raw == null) {
      return null;
    }
    if (c.type().oid() == PgTypes.BYTEA) {
      return ((BytesValue) c.type().decode(raw, c.format())).bytes();
    }
    if (trimBpchar && c.type().oid() == PgTypes.BPCHAR) {
      int n = raw.length;
      while (n > 0 && raw[n - 1] == ' ') {
        n--;
      }
      return java.util.Arrays.copyOf(raw, n);
    }
    return raw; // text, varchar and name: the same bytes in text and binary format
  }
}
