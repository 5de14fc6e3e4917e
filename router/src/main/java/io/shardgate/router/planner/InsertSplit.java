package io.shardgate.router.planner;

import io.shardgate.router.backend.BackendKey;
import io.shardgate.router.errors.Errors;
import io.shardgate.sql.analysis.InsertValues;
import io.shardgate.sql.analysis.KeyValue;
import io.shardgate.topology.Colo;
import io.shardgate.topology.Shard;
import io.shardgate.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Plans a multi-row {@code INSERT .. VALUES} (or its "insertmanyvalues" form {@code INSERT .. SELECT .. FROM
 * (VALUES ..) AS v(..)}) whose rows go to several shards as one INSERT per shard holding only that shard's rows (in
 * the client's order), cut from the client's text by {@link InsertValues}. A row's key is a literal or a bound
 * {@code $n}; NULL, DEFAULT or an expression is refused, since its shard is unknown.
 */
final class InsertSplit {
  private InsertSplit() {}

  /**
   * The split route of {@code sql}, an INSERT into {@code table} (the statement's only table), or empty when it is
   * not an INSERT of a VALUES list naming the shard key column.
   *
   * @param parameters the bound values of a row key written {@code $n}; not bound yet (Describe, EXPLAIN): the
   *                   first shard, as {@link Planner} counts unknown values
   */
  static Optional<Route> plan(String sql, Topology topology, Colo colo, String table, String key,
                              BoundParameters parameters) {
    Optional<InsertValues> parsed = InsertValues.parse(sql, key);
    if (parsed.isEmpty() || parsed.get().rowCount() < 2) {
      return Optional.empty();
    }
    InsertValues rows = parsed.get();
    Map<Integer, List<Integer>> rowsByShard = new TreeMap<>();
    for (int row = 0; row < rows.rowCount(); row++) {
      String text = null;
      if (rows.key(row) instanceof KeyValue.Literal literal) {
        text = literal.text();
      } else if (rows.key(row) instanceof KeyValue.Parameter p) {
        text = parameters.keyText(p.index(), colo.keyType());
      }
      Shard shard;
      if (text != null) {
        shard = Planner.shardOfText(topology, colo, text);
      } else if (parameters == BoundParameters.UNBOUND && rows.key(row) instanceof KeyValue.Parameter) {
        shard = colo.shards().get(0);
      } else {
        throw Errors.insertRowKey(table, key, row + 1, rows.keyText(row));
      }
      rowsByShard.computeIfAbsent(shard.number(), n -> new ArrayList<>()).add(row);
    }
    SortedMap<Integer, String> sqlByShard = new TreeMap<>();
    rowsByShard.forEach((shard, picked) -> sqlByShard.put(shard, rows.withRows(picked)));
    Shard first = colo.shards().get(sqlByShard.firstKey());
    BackendKey backend = new BackendKey(first.node(), first.schemaName());
    if (sqlByShard.size() == 1) {
      return Optional.of(new Route.Shard(colo.name(), first.number(), backend));
    }
    return Optional.of(new Route.Split(colo.name(), sqlByShard, backend));
  }
}
