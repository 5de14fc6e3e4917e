package io.shardgate.router.planner;

import io.shardgate.router.backend.BackendKey;
import io.shardgate.router.errors.Errors;
import io.shardgate.router.errors.SqlError;
import io.shardgate.sql.analysis.Analysis;
import io.shardgate.sql.analysis.KeyValue;
import io.shardgate.sql.analysis.StatementKind;
import io.shardgate.sql.analysis.TableRef;
import io.shardgate.topology.Colo;
import io.shardgate.topology.Shard;
import io.shardgate.topology.Topology;
import io.shardgate.topology.TopologyException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one analysed statement into a {@link Route} against a topology snapshot, or refuses it with
 * an error that names what is missing. It never lets a statement reach a node's base table of a
 * colo: such names are only ever resolved through a shard schema.
 */
public final class Planner {
  private static final Set<String> CATALOG_SCHEMAS = Set.of("pg_catalog", "information_schema");
  private static final Set<StatementKind> WRITES =
      Set.of(StatementKind.INSERT, StatementKind.UPDATE, StatementKind.DELETE, StatementKind.MERGE, StatementKind.COPY,
          StatementKind.DDL);

  private Planner() {}

  /** Plans a statement of the simple query protocol (no parameters). */
  public static Route plan(Analysis analysis, Topology topology) {
    return plan(analysis, topology, BoundParameters.NONE);
  }

  /** Plans {@code analysis} on {@code topology} with its parameters' values. */
  public static Route plan(Analysis analysis, Topology topology, BoundParameters parameters) {
    return plan(analysis, topology, parameters, null);
  }

  /**
   * Plans {@code analysis} of the client's text {@code sql} (null when unknown): with the text, a multi-row INSERT
   * whose rows go to several shards is split into one INSERT per shard ({@link Route.Split}).
   */
  public static Route plan(Analysis analysis, Topology topology, BoundParameters parameters, String sql) {
    BackendKey home = new BackendKey(topology.home(), null);
    Map<String, Colo> colos = new LinkedHashMap<>();
    List<TableRef> coloTables = new ArrayList<>();
    List<TableRef> referenceTables = new ArrayList<>();
    List<TableRef> otherTables = new ArrayList<>();
    for (TableRef t : analysis.tables()) {
      Optional<Colo> colo = topology.coloOfTable(t.name());
      if (colo.isPresent() && (t.schema() == null)) {
        colos.put(colo.get().name(), colo.get());
        coloTables.add(t);
      } else if (colo.isPresent() && !CATALOG_SCHEMAS.contains(t.schema())) {
        throw Errors.qualifiedShardedTable(t.schema(), t.name());
      } else if (topology.isReferenceTable(t.name()) && (t.schema() == null || "public".equals(t.schema()))) {
        referenceTables.add(t);
      } else {
        otherTables.add(t);
      }
    }
    if (colos.size() > 1) {
      throw Errors.crossColo(colos.keySet());
    }
    if (colos.isEmpty()) {
      if (!referenceTables.isEmpty() && WRITES.contains(analysis.kind())) {
        if (!otherTables.isEmpty() || analysis.kind() == StatementKind.COPY) {
          throw Errors.referenceWrite(referenceTables.get(0).name());
        }
        return new Route.EveryNode(home); // every copy, under one atomic commit
      }
      if (analysis.tables().isEmpty()) {
        return new Route.Anywhere(home);
      }
      return new Route.Home(home);
    }
    Colo colo = colos.values().iterator().next();
    for (TableRef other : otherTables) {
      if (other.schema() == null || !CATALOG_SCHEMAS.contains(other.schema())) {
        throw Errors.shardedWithUnsharded(coloTables.get(0).name(), other.name());
      }
    }
    for (String written : analysis.writtenTables()) {
      if (topology.isReferenceTable(written)) {
        throw Errors.referenceWrite(written);
      }
    }
    String table = coloTables.get(0).name();
    String key = colo.tableToKeyColumn().get(table);
    if (isLockTable(analysis)) {
      return new Route.EveryNode(home); // the base table on every node, in the transaction's backend there
    }
    ShardedStatements.refuseUnsupported(analysis, table, key);
    if (!analysis.parsed()) {
      throw Errors.analysisFailed(table);
    }
    Set<Integer> shards = new LinkedHashSet<>();
    TableRef unkeyed = null;
    boolean differ = false;
    for (TableRef t : coloTables) {
      Optional<List<KeyValue>> values = analysis.shardKeyValues(t.name());
      if (values.isEmpty() || values.get().isEmpty()) {
        unkeyed = unkeyed == null ? t : unkeyed;
        continue;
      }
      Set<Integer> forTable = new LinkedHashSet<>();
      for (KeyValue v : values.get()) {
        forTable.add(shardOf(topology, colo, v, parameters).number());
      }
      differ |= !shards.isEmpty() && !shards.equals(forTable);
      shards.addAll(forTable);
    }
    if (unkeyed == null && !differ && shards.size() == 1) {
      Shard shard = colo.shards().get(shards.iterator().next());
      return new Route.Shard(colo.name(), shard.number(), new BackendKey(shard.node(), shard.schemaName()));
    }
    if (sql != null && analysis.kind() == StatementKind.INSERT && analysis.tables().size() == 1
        && (unkeyed != null || shards.size() > 1)) {
      Optional<Route> split = InsertSplit.plan(sql, topology, colo, table, key, parameters);
      if (split.isPresent()) {
        return split.get();
      }
    }
    // Not one shard: right only if each shard can answer for its own rows (see Analysis.crossShard).
    if (analysis.crossShard() != null) {
      if (shards.isEmpty()) {
        throw Errors.notShardLocal(table, key, analysis.crossShard());
      }
      if (unkeyed != null || differ) {
        throw Errors.ambiguousJoin(unkeyed != null ? unkeyed.name() : table, analysis.crossShard());
      }
      throw Errors.multiShard(table, shards.size());
    }
    List<Integer> touched = unkeyed == null && !differ ? new ArrayList<>(shards) : allShards(colo);
    Collections.sort(touched);
    Shard first = colo.shards().get(touched.get(0));
    BackendKey firstKey = new BackendKey(first.node(), first.schemaName());
    switch (analysis.kind()) {
      case SELECT -> {
        if (!analysis.writtenTables().isEmpty()) {
          throw Errors.modifyingQueryOnShards(analysis.writtenTables().get(0), key);
        }
        // every shard answers for its rows and the merge gives the whole answer
        Shard shard0 = colo.shards().get(0);
        return new Route.Scatter(colo.name(), colo.shards().size(), new BackendKey(shard0.node(), shard0.schemaName()));
      }
      case UPDATE, DELETE, INSERT -> {
        return new Route.Broadcast(colo.name(), touched, firstKey);
      }
      default -> throw ShardedStatements.notOnEveryShard(analysis, table, key, colo.name());
    }
  }

  /**
   * Whether a statement that is not DDL still runs on every node like DDL on a colo table does (ANALYZE: each
   * node analyses its base table of the colo table).
   */
  public static boolean runsOnEveryNode(Analysis analysis) {
    return analysis.kind() == StatementKind.OTHER
        && (analysis.command().equals("analyze") || analysis.command().equals("analyse"));
  }

  /** Whether the statement is LOCK TABLE (it locks the table on every node: {@link Route.EveryNode}). */
  public static boolean isLockTable(Analysis analysis) {
    return analysis.kind() == StatementKind.OTHER && "lock".equals(analysis.command());
  }

  private static List<Integer> allShards(Colo colo) {
    List<Integer> all = new ArrayList<>();
    for (Shard s : colo.shards()) {
      all.add(s.number());
    }
    return all;
  }

  private static Shard shardOf(Topology topology, Colo colo, KeyValue value, BoundParameters parameters) {
    if (value instanceof KeyValue.Literal lit) {
      return shardOfText(topology, colo, lit.text());
    }
    if (value instanceof KeyValue.Parameter p) {
      String text = parameters.keyText(p.index(), colo.keyType());
      // NULL (or not yet bound): no row can match `key = NULL`; any shard gives PostgreSQL's answer.
      return text == null ? colo.shards().get(0) : shardOfText(topology, colo, text);
    }
    if (value instanceof KeyValue.ArrayParameter p) {
      if (parameters == BoundParameters.UNBOUND) {
        return colo.shards().get(0);
      }
      parameters.keyText(p.index(), colo.keyType()); // $n must exist
      throw new SqlError(Errors.FEATURE_NOT_SUPPORTED,
          "shard key compared with an array parameter ($" + p.index() + ") is not supported yet", null,
          "Use key = $n once per value.");
    }
    throw new IllegalStateException("unknown key value " + value);
  }

  static Shard shardOfText(Topology topology, Colo colo, String text) {
    try {
      return topology.shardForValue(colo, text);
    } catch (TopologyException e) {
      throw new SqlError(e.sqlState() != null ? e.sqlState() : Errors.INVALID_TEXT, e.getMessage(), null, null);
    } catch (IllegalArgumentException e) {
      throw new SqlError(Errors.INVALID_TEXT, e.getMessage(), null, null);
    }
  }
}
