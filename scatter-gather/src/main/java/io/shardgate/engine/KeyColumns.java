package io.shardgate.engine;

import io.shardgate.engine.value.PgValue;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Columns bound for grouping and DISTINCT: a row's key is the list of its decoded values, whose equals and
 * hashCode are PostgreSQL's equality (1.0 = 1.00, '1 mon' = '30 days'); NULLs are not distinct from each other.
 */
final class KeyColumns {
  private final List<TypedColumn> columns;

  private KeyColumns(List<TypedColumn> columns) {
    this.columns = columns;
  }

  /** The given columns, or every column when {@code indexes} is empty and {@code emptyMeansAll}. */
  static KeyColumns bind(List<Integer> indexes, RowDescription d, boolean emptyMeansAll) {
    List<TypedColumn> columns = new ArrayList<>();
    int n = indexes.isEmpty() && emptyMeansAll ? d.fields().size() : indexes.size();
    for (int i = 0; i < n; i++) {
      TypedColumn c = TypedColumn.bind(d, indexes.isEmpty() ? i : indexes.get(i), "group");
      c.type().requireEquality();
      columns.add(c);
    }
    return new KeyColumns(columns);
  }

  List<PgValue> keyOf(DataRow row) {
    PgValue[] v = new PgValue[columns.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = columns.get(i).value(row);
    }
    return Arrays.asList(v);
  }

  /** E.g. {@code [0, 2]}, or {@code all}. */
  static String describe(List<Integer> indexes) {
    return indexes.isEmpty() ? "all" : indexes.toString();
  }
}
