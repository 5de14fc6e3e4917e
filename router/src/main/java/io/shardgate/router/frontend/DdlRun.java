package io.shardgate.router.frontend;

import io.shardgate.pgwire.message.CommandComplete;
import io.shardgate.router.errors.SqlError;
import io.shardgate.sql.lexer.SqlLexer;
import io.shardgate.sql.lexer.Token;
import io.shardgate.topology.Node;
import io.shardgate.topology.Provisioner;
import io.shardgate.topology.Topology;
import io.shardgate.topology.TopologyException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * DDL on a colo or reference table: runs on every node, each in its own transaction, committed only
 * when it succeeded on all of them; the shard views are dropped before and re-created after (a view
 * fixes its column list when it is made, and PostgreSQL refuses to drop or retype a column a view uses).
 * It uses JDBC on a worker thread: DDL is rare and blocking is fine there, never on an event loop.
 */
final class DdlRun {
  private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "shardgate-ddl");
    t.setDaemon(true);
    return t;
  });

  private DdlRun() {}

  /** Runs {@code sql} for {@code table}; {@code done} gets (command tag, null) or (null, error) on the worker thread. */
  static void run(Topology topology, String table, String sql, BiConsumer<CommandComplete, SqlError> done) {
    WORKER.execute(() -> {
      try {
        done.accept(new CommandComplete(execute(topology, table, sql)), null);
      } catch (SqlError e) {
        done.accept(null, e);
      } catch (SQLException e) {
        done.accept(null, new SqlError(e.getSQLState() == null ? "XX000" : e.getSQLState(), e.getMessage(), null, null));
      } catch (TopologyException e) {
        done.accept(null, new SqlError(e.sqlState(), e.getMessage(), null, null));
      }
    });
  }

  private static String execute(Topology topology, String table, String sql) throws SQLException {
    String tag = tag(sql);
    boolean reshapes = tag.equals("ALTER TABLE") || tag.equals("DROP TABLE") || tag.equals("CREATE TABLE");
    boolean configured = topology.coloOfTable(table).isPresent() || topology.isReferenceTable(table);
    Provisioner provisioner = new Provisioner(topology);
    if (reshapes && !tag.equals("CREATE TABLE")) {
      provisioner.dropViews(table);
    }
    List<Connection> conns = new ArrayList<>();
    try {
      for (Node node : topology.nodes()) {
        Connection c = DriverManager.getConnection(node.jdbcUrl(), node.jdbcProperties());
        conns.add(c);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          s.execute(sql);
        }
      }
      for (Connection c : conns) {
        c.commit();
      }
    } catch (SQLException e) {
      for (Connection c : conns) {
        try {
          c.rollback();
        } catch (SQLException ignored) {
          // the connection is closed below
        }
      }
      if (reshapes && configured && !tag.equals("CREATE TABLE")) {
        provisioner.provision(); // put the dropped views back
      }
      throw e;
    } finally {
      for (Connection c : conns) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // best effort
        }
      }
    }
    if (reshapes && configured && !tag.equals("DROP TABLE")) {
      provisioner.provision();
    }
    return tag;
  }

  /** PostgreSQL's command tag for a DDL statement: CREATE TABLE, ALTER TABLE, DROP INDEX, TRUNCATE TABLE... */
  static String tag(String sql) {
    List<Token> t = SqlLexer.significantTokens(sql);
    String verb = t.isEmpty() ? "" : t.get(0).text(sql).toUpperCase(Locale.ROOT);
    for (int i = 1; i < t.size(); i++) {
      String w = t.get(i).text(sql).toUpperCase(Locale.ROOT);
      if (w.equals("TABLE") || w.equals("INDEX") || w.equals("SEQUENCE") || w.equals("VIEW")) {
        return verb + " " + w;
      }
    }
    return verb.equals("TRUNCATE") ? "TRUNCATE TABLE" : verb;
  }
}
