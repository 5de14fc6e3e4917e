package io.shardgate.engine.aggregate;

import io.shardgate.engine.RowOrdering;
import io.shardgate.engine.value.PgValue;
import io.shardgate.pgwire.message.DataRow;
import java.util.ArrayList;
import java.util.List;

/**
 * One group's raw input rows of an order-dependent aggregate (string_agg, array_agg), kept until the group
 * is complete and then sorted by the aggregate's own ORDER BY (stably; without ORDER BY in arrival order,
 * which PostgreSQL leaves unspecified too).
 */
final class OrderedValues {
  private record Keyed(PgValue[] keys, DataRow row) {}

  private final RowOrdering ordering;
  private final List<Keyed> rows = new ArrayList<>();

  OrderedValues(RowOrdering ordering) {
    this.ordering = ordering;
  }

  void add(DataRow row) {
    rows.add(new Keyed(ordering == null ? null : ordering.keysOf(row), row));
  }

  /** The rows in the aggregate's order. */
  List<DataRow> sorted() {
    if (ordering != null) {
      rows.sort((a, b) -> ordering.compare(a.keys(), b.keys())); // List.sort is stable
    }
    return rows.stream().map(Keyed::row).toList();
  }
}
