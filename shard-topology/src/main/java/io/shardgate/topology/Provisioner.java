package io.shardgate.topology;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies {@link ShardSchemaDdl} to the nodes over JDBC. Idempotent: it creates only the schemas
 * and views that are missing, so a second run changes nothing and a run after a table was added
 * creates just that table's views. Each node is changed in one transaction under an advisory lock,
 * so concurrent runs do not trip over each other and a failed run leaves the node as it was.
 */
public final class Provisioner {
  /** Advisory lock key serialising provisioning runs on one database ("Shardgat"). */
  private static final long LOCK_KEY = 0x5368617264676174L;

  private final Topology topology;

  /** A provisioner for the shards of {@code topology}. */
  public Provisioner(Topology topology) {
    this.topology = topology;
  }

  /** Creates the missing shard schemas and views on every node. */
  public ProvisionReport provision() {
    Map<String, List<String>> report = new LinkedHashMap<>();
    for (Node node : topology.nodes()) {
      report.put(node.name(), provisionNode(node.name()));
    }
    return new ProvisionReport(report);
  }

  /** Creates the missing shard schemas and views on one node and returns what it did. */
  public List<String> provisionNode(String nodeName) {
    List<Shard> shards = topology.shardsOn(nodeName);
    if (shards.isEmpty()) {
      return List.of();
    }
    return inTransaction(nodeName, (c, catalog, actions) -> {
      checkBaseTables(nodeName, catalog, shards, null);
      for (Shard shard : shards) {
        ensureSchema(c, catalog, shard, actions);
        for (ShardView view : ShardSchemaDdl.views(topology, shard)) {
          Character kind = catalog.relkind(view.schema(), view.table()).orElse(null);
          if (kind == null) {
            execute(c, view.createSql());
            catalog.created(view.schema(), view.table());
            actions.add("created view " + view);
          } else if (kind != 'v') {
            throw new TopologyException("node " + nodeName + ": " + view + " exists but is not a view (relkind " + kind + ")");
          }
        }
      }
    }, shards);
  }

  /**
   * Drops and re-creates every shard view of {@code table} (a colo table or a reference table) on
   * every node, so that the views' {@code *} lists the table's current columns after ALTER TABLE.
   */
  public ProvisionReport recreateViews(String table) {
    return forViewsOf(table, true, (c, view, existed, actions) -> {
      if (existed) {
        execute(c, view.dropSql());
      }
      execute(c, view.createSql());
      actions.add((existed ? "recreated view " : "created view ") + view);
    });
  }

  /**
   * Drops every shard view of {@code table} on every node: needed before an ALTER TABLE that the
   * views would block (DROP COLUMN, ALTER COLUMN TYPE, DROP TABLE); {@link #provision()} or
   * {@link #recreateViews} brings them back. Views that are already gone are skipped.
   */
  public ProvisionReport dropViews(String table) {
    return forViewsOf(table, false, (c, view, existed, actions) -> {
      if (existed) {
        execute(c, view.dropSql());
        actions.add("dropped view " + view);
      }
    });
  }

  private ProvisionReport forViewsOf(String table, boolean creating, ViewWork work) {
    String name = Colo.lower(table);
    Colo colo = topology.coloOfTable(name).orElse(null);
    if (colo == null && !topology.isReferenceTable(name)) {
      throw new TopologyException("table " + name + " is neither in a colo nor a reference table: it has no shard views");
    }
    Map<String, List<String>> report = new LinkedHashMap<>();
    for (Node node : topology.nodes()) {
      List<Shard> shards = topology.shardsOn(node.name()).stream()
          .filter(s -> colo == null || s.colo().equals(colo.name()))
          .toList();
      if (shards.isEmpty()) {
        report.put(node.name(), List.of());
        continue;
      }
      report.put(node.name(), inTransaction(node.name(), (c, catalog, actions) -> {
        if (creating) {
          checkBaseTables(node.name(), catalog, shards, name);
        }
        for (Shard shard : shards) {
          if (creating) {
            ensureSchema(c, catalog, shard, actions);
          }
          ShardView view = colo != null ? ShardSchemaDdl.coloView(colo, shard, name) : ShardSchemaDdl.referenceView(shard, name);
          Character kind = catalog.relkind(view.schema(), view.table()).orElse(null);
          if (kind != null && kind != 'v') {
            throw new TopologyException("node " + node.name() + ": " + view + " exists but is not a view (relkind " + kind + ")");
          }
          work.apply(c, view, kind != null, actions);
        }
      }, shards));
    }
    return new ProvisionReport(report);
  }

  /** Fails naming node and table when a base table, its key column, or a hash precondition is missing. */
  private void checkBaseTables(String nodeName, NodeCatalog catalog, List<Shard> shards, String onlyTable) {
    Set<String> colos = new LinkedHashSet<>();
    shards.forEach(s -> colos.add(s.colo()));
    for (String coloName : colos) {
      Colo colo = topology.colo(coloName).orElseThrow();
      colo.tableToKeyColumn().forEach((table, key) -> {
        if (onlyTable != null && !onlyTable.equals(table)) {
          return;
        }
        requireTable(nodeName, catalog, table, "a table of colo " + colo.name());
        NodeCatalog.Column column = catalog.publicColumn(table, key).orElseThrow(() -> new TopologyException(
            "node " + nodeName + ": table public." + table + " has no column " + key + " (the shard key of colo " + colo.name() + ")"));
        if (!colo.keyType().fitsColumnType(column.type())) {
          throw new TopologyException("node " + nodeName + ": column public." + table + "." + key + " is " + column.type()
              + " but colo " + colo.name() + " has key type " + colo.keyType().sqlName());
        }
        if (!colo.keyType().isInteger() && colo.keyType() != KeyType.UUID) {
          if (!column.deterministicCollation()) {
            throw new TopologyException("node " + nodeName + ": column public." + table + "." + key
                + " has a nondeterministic collation, whose hash Shardgate cannot compute");
          }
          if (!"UTF8".equals(catalog.encoding())) {
            throw new TopologyException("node " + nodeName + ": database encoding is " + catalog.encoding()
                + "; text shard keys hash their UTF-8 bytes, so the database must be UTF8");
          }
        }
      });
    }
    for (String table : topology.referenceTables()) {
      if (onlyTable == null || onlyTable.equals(table)) {
        requireTable(nodeName, catalog, table, "a reference table");
      }
    }
  }

  private static void requireTable(String nodeName, NodeCatalog catalog, String table, String role) {
    char kind = catalog.relkind("public", table).orElse('-');
    if ("rpvf".indexOf(kind) < 0) {
      throw new TopologyException("node " + nodeName + ": table public." + table + " does not exist (" + role + ")");
    }
  }

  private static void ensureSchema(Connection c, NodeCatalog catalog, Shard shard, List<String> actions) throws SQLException {
    if (!catalog.hasSchema(shard.schemaName())) {
      execute(c, ShardSchemaDdl.createSchema(shard));
      catalog.created(shard.schemaName(), null);
      actions.add("created schema " + shard.schemaName());
    }
  }

  private List<String> inTransaction(String nodeName, NodeWork work, List<Shard> shards) {
    Node node = topology.node(nodeName);
    List<String> actions = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(node.jdbcUrl(), node.jdbcProperties())) {
      c.setAutoCommit(false);
      try {
        execute(c, "SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
        List<String> tables = new ArrayList<>(topology.referenceTables());
        shards.stream().map(Shard::colo).distinct()
            .forEach(colo -> tables.addAll(topology.colo(colo).orElseThrow().tableToKeyColumn().keySet()));
        NodeCatalog catalog = NodeCatalog.read(c, shards.stream().map(Shard::schemaName).toList(), tables);
        work.apply(c, catalog, actions);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new TopologyException("node " + nodeName + " (" + node.url() + "): " + e.getMessage(), e);
    }
    return List.copyOf(actions);
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Work on one node inside its transaction. */
  private interface NodeWork {
    void apply(Connection c, NodeCatalog catalog, List<String> actions) throws SQLException;
  }

  /** Work on one shard view inside its node's transaction. */
  private interface ViewWork {
    void apply(Connection c, ShardView view, boolean exists, List<String> actions) throws SQLException;
  }
}
