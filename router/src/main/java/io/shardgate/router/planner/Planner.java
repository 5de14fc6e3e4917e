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
    if (!analysis.parsed()) {
      throw Errors.analysisFailed(coloTables.get(0).name());
    }
    Set<Integer> shards = new LinkedHashSet<>();
    TableRef unkeyed = null;
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
      if (!shards.isEmpty() && !shards.equals(forTable)) {
        throw Errors.ambiguousJoin(t.name());
      }
      shards.addAll(forTable);
    }
    if (shards.isEmpty()) {
      if (analysis.kind() == StatementKind.SELECT && coloTables.size() == 1) {
        // one colo table: each shard answers for its rows and the merge gives the whole answer
        Shard first = colo.shards().get(0);
        return new Route.Scatter(colo.name(), colo.shards().size(), new BackendKey(first.node(), first.schemaName()));
      }
      String table = coloTables.get(0).name();
      throw Errors.missingShardKey(table, colo.tableToKeyColumn().get(table), colo.name());
    }
    if (unkeyed != null) {
      throw Errors.ambiguousJoin(unkeyed.name());
    }
    if (shards.size() > 1) {
      throw Errors.multiShard(coloTables.get(0).name(), shards.size());
    }
    Shard shard = colo.shards().get(shards.iterator().next());
    return new Route.Shard(colo.name(), shard.number(), new BackendKey(shard.node(), shard.schemaName()));
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

  private static Shard shardOfText(Topology topology, Colo colo, String text) {
    try {
      return topology.shardForValue(colo, text);
    } catch (TopologyException e) {
      throw new SqlError(e.sqlState() != null ? e.sqlState() : Errors.INVALID_TEXT, e.getMessage(), null, null);
    } catch (IllegalArgumentException e) {
      throw new SqlError(Errors.INVALID_TEXT, e.getMessage(), null, null);
    }
  }
}
