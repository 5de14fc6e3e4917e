package io.shardgate.router.tx;

import io.shardgate.topology.Node;
import io.shardgate.topology.Topology;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes the two-phase commits that a router crash, a lost node or a lost connection left in doubt: every
 * prepared transaction of this router id on every node (except those being committed right now) is committed
 * when its commit record says so and rolled back otherwise. Runs at router start and then periodically, over
 * JDBC connections of its own; it also creates the commit-record table and deletes records nobody needs.
 */
public final class InDoubtRecovery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InDoubtRecovery.class);

  /** What one pass did. */
  public record Pass(int committed, int rolledBack, int unresolved, boolean allNodesReached) {}

  private final Supplier<Topology> topology;
  private final CommitCoordinator coordinator;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "shardgate-2pc-recovery");
    t.setDaemon(true);
    return t;
  });

  public InDoubtRecovery(Supplier<Topology> topology, CommitCoordinator coordinator) {
    this.topology = topology;
    this.coordinator = coordinator;
  }

  /** Runs a pass now and then every recovery interval. */
  public void start() {
    long interval = coordinator.config().recoveryInterval().toMillis();
    timer.scheduleWithFixedDelay(() -> {
      try {
        Pass pass = recoverOnce();
        if (pass.committed() + pass.rolledBack() > 0 || pass.unresolved() > 0) {
          LOG.info("two-phase commit recovery: {} committed, {} rolled back, {} unresolved", pass.committed(),
              pass.rolledBack(), pass.unresolved());
        }
      } catch (SQLException | RuntimeException e) {
        LOG.warn("two-phase commit recovery could not run: {}", e.getMessage());
      }
    }, 0, interval, TimeUnit.MILLISECONDS);
  }

  /** Creates the commit-record table on the control node when it is missing. */
  public static void ensureTable(Connection control) throws SQLException {
    try (Statement s = control.createStatement()) {
      s.execute(CommitLog.SCHEMA_DDL);
      s.execute(CommitLog.TABLE_DDL);
    }
  }

  /** One pass over every node; synchronized so that the timer and a caller never resolve the same gid twice. */
  public synchronized Pass recoverOnce() throws SQLException {
    Topology t = topology.get();
    String prefix = coordinator.log().prefix();
    String controlName = coordinator.config().controlNode() != null ? coordinator.config().controlNode() : t.home();
    int committed = 0;
    int rolledBack = 0;
    int unresolved = 0;
    try (Connection control = connect(t.node(controlName))) {
      control.setAutoCommit(true);
      boolean haveTable;
      try (Statement s = control.createStatement();
           ResultSet rs = s.executeQuery("SELECT to_regclass('shardgate.commit_log') IS NOT NULL")) {
        rs.next();
        haveTable = rs.getBoolean(1);
      }
      Timestamp scanStart;
      try (Statement s = control.createStatement(); ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
        rs.next();
        scanStart = rs.getTimestamp(1);
      }
      boolean allReached = true;
      Map<String, List<Node>> prepared = new LinkedHashMap<>();
      for (Node node : t.nodes()) {
        try (Connection c = connect(node);
             PreparedStatement ps = c.prepareStatement("SELECT gid FROM pg_prepared_xacts "
                 + "WHERE database = current_database() AND starts_with(gid, ?) ORDER BY prepared")) {
          ps.setString(1, prefix);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              prepared.computeIfAbsent(rs.getString(1), g -> new ArrayList<>()).add(node);
            }
          }
        } catch (SQLException e) {
          allReached = false;
          LOG.warn("two-phase commit recovery cannot reach node {}: {}", node.name(), e.getMessage());
        }
      }
      if (!haveTable) {
        if (prepared.isEmpty()) {
          return new Pass(0, 0, 0, allReached); // no two-phase commit ever ran here: nothing to do, nothing to create
        }
        ensureTable(control);
      }
      Set<String> keep = new HashSet<>(coordinator.inFlight());
      for (Map.Entry<String, List<Node>> e : prepared.entrySet()) {
        String gid = e.getKey();
        if (coordinator.inFlight().contains(gid)) {
          continue;
        }
        boolean commit;
        try {
          commit = decision(control, gid);
        } catch (SQLException ex) {
          LOG.warn("recovery cannot decide {} yet: {}", gid, ex.getMessage());
          unresolved++;
          keep.add(gid);
          continue;
        }
        for (Node node : e.getValue()) {
          if (finish(node, gid, commit)) {
            if (commit) {
              committed++;
            } else {
              rolledBack++;
            }
          } else {
            unresolved++;
            keep.add(gid);
          }
        }
      }
      if (allReached) {
        keep.addAll(coordinator.inFlight());
        try (PreparedStatement ps = control.prepareStatement("DELETE FROM shardgate.commit_log "
            + "WHERE starts_with(gid, ?) AND created_at < ? AND NOT (gid = ANY (?))")) {
          ps.setString(1, prefix);
          ps.setTimestamp(2, scanStart);
          ps.setArray(3, control.createArrayOf("text", keep.toArray()));
          ps.executeUpdate();
        }
      }
      return new Pass(committed, rolledBack, unresolved, allReached);
    }
  }

  /**
   * The decision for {@code gid}: its record, or, when there is none, an abort record written now. The insert
   * waits while a transaction writing the commit record for the same gid is still open, and makes it fail.
   */
  private static boolean decision(Connection control, String gid) throws SQLException {
    try (PreparedStatement ins = control.prepareStatement(
        "INSERT INTO shardgate.commit_log (gid, committed) VALUES (?, false) ON CONFLICT (gid) DO NOTHING")) {
      ins.setString(1, gid);
      ins.executeUpdate();
    }
    try (PreparedStatement q = control.prepareStatement("SELECT committed FROM shardgate.commit_log WHERE gid = ?")) {
      q.setString(1, gid);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  /** COMMIT or ROLLBACK PREPARED on one node; true when done (or already done by someone else). */
  private static boolean finish(Node node, String gid, boolean commit) {
    try (Connection c = connect(node); Statement s = c.createStatement()) {
      s.execute((commit ? "COMMIT PREPARED " : "ROLLBACK PREPARED ") + CommitLog.literal(gid));
      LOG.info("recovery: {} {} on node {}", commit ? "committed" : "rolled back", gid, node.name());
      return true;
    } catch (SQLException e) {
      if ("42704".equals(e.getSQLState())) {
        return true; // no longer prepared there: finished meanwhile
      }
      LOG.warn("recovery could not finish {} on node {}: {}", gid, node.name(), e.getMessage());
      return false;
    }
  }

  private static Connection connect(Node node) throws SQLException {
    java.util.Properties p = node.jdbcProperties();
    p.setProperty("ApplicationName", "shardgate-recovery");
    p.setProperty("connectTimeout", "5");
    // A decision insert waits for a commit still in flight; a stuck one must not stall recovery for good.
    p.setProperty("options", "-c lock_timeout=10000");
    return DriverManager.getConnection(node.jdbcUrl(), p);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
