package io.shardgate.engine;

import io.shardgate.engine.value.PgValue;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;
import java.util.ArrayList;
import java.util.List;

/** Sort keys bound to a result's columns: extracts a row's key values once, compares them as PostgreSQL does. */
public final class RowOrdering {
  private final List<SortKey> keys;
  private final List<TypedColumn> columns;

  private RowOrdering(List<SortKey> keys, List<TypedColumn> columns) {
    this.keys = keys;
    this.columns = columns;
  }

  /** Binds {@code keys} to the columns of {@code d}; every key's type must have an ordering. */
  public static RowOrdering bind(List<SortKey> keys, RowDescription d) {
    List<TypedColumn> columns = new ArrayList<>();
    for (SortKey k : keys) {
      TypedColumn c = TypedColumn.bind(d, k.column(), "sort");
      c.type().requireOrdering();
      columns.add(c);
    }
    return new RowOrdering(List.copyOf(keys), columns);
  }

  /** The row's key values, decoded once. */
  public PgValue[] keysOf(DataRow row) {
    PgValue[] v = new PgValue[columns.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = columns.get(i).value(row);
    }
    return v;
  }

  /** Compares two rows' key values as PostgreSQL's ORDER BY would. */
  public int compare(PgValue[] a, PgValue[] b) {
    for (int i = 0; i < a.length; i++) {
      SortKey k = keys.get(i);
      int c;
      if (a[i] == null || b[i] == null) {
        c = a[i] == b[i] ? 0 : (a[i] == null) == k.nullsFirst() ? -1 : 1;
      } else {
        c = k.descending() ? b[i].compareTo(a[i]) : a[i].compareTo(b[i]);
      }
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
