package io.shardgate.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * The SQL that makes a node serve its shards: per shard a schema {@code <colo>_<NNNN>} holding, per
 * colo table, a view of the rows whose key hashes into the shard's range (WITH CASCADED CHECK
 * OPTION, so PostgreSQL refuses rows written to the wrong shard) and, per reference table, a plain
 * view, so that a connection whose search_path is the shard schema sees both.
 */
public final class ShardSchemaDdl {
  private ShardSchemaDdl() {}

  /** Every statement for {@code node}, schemas before their views; not idempotent for views (see {@link Provisioner}). */
  public static List<String> forNode(Topology topology, String node) {
    topology.node(node);
    List<String> out = new ArrayList<>();
    for (Shard shard : topology.shardsOn(node)) {
      out.add(createSchema(shard));
      for (ShardView view : views(topology, shard)) {
        out.add(view.createSql());
      }
    }
    return List.copyOf(out);
  }

  /** The views of {@code shard}'s schema: its colo's tables in configured order, then the reference tables. */
  public static List<ShardView> views(Topology topology, Shard shard) {
    Colo colo = topology.colo(shard.colo())
        .orElseThrow(() -> new TopologyException("shard " + shard.schemaName() + " of unknown colo " + shard.colo()));
    List<ShardView> out = new ArrayList<>();
    for (String table : colo.tableToKeyColumn().keySet()) {
      out.add(coloView(colo, shard, table));
    }
    for (String table : topology.referenceTables()) {
      out.add(referenceView(shard, table));
    }
    return List.copyOf(out);
  }

  /** {@code CREATE SCHEMA IF NOT EXISTS <colo>_<NNNN>}. */
  public static String createSchema(Shard shard) {
    return "CREATE SCHEMA IF NOT EXISTS " + quote(shard.schemaName());
  }

  /** The view of {@code table}'s rows in {@code shard}: its key's hash within the shard's range. */
  public static ShardView coloView(Colo colo, Shard shard, String table) {
    String key = colo.keyColumn(table)
        .orElseThrow(() -> new TopologyException("table " + table + " is not in colo " + colo.name()));
    String name = Colo.lower(table);
    String hash = colo.keyType().sqlHash(quote(name) + "." + quote(key));
    String sql = "CREATE VIEW " + quote(shard.schemaName()) + "." + quote(name)
        + " AS SELECT * FROM public." + quote(name)
        + " WHERE " + shard.range().sqlPredicate(hash)
        + " WITH CASCADED CHECK OPTION";
    return new ShardView(shard.schemaName(), name, sql);
  }

  /** The view of reference table {@code table} in {@code shard}'s schema: every row, no filter. */
  public static ShardView referenceView(Shard shard, String table) {
    String name = Colo.lower(table);
    String sql = "CREATE VIEW " + quote(shard.schemaName()) + "." + quote(name) + " AS SELECT * FROM public." + quote(name);
    return new ShardView(shard.schemaName(), name, sql);
  }

  /** An identifier quoted for SQL, as PostgreSQL's quote_ident always-quote form: {@code "a""b"}. */
  public static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
