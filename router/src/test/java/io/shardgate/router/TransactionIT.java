package io.shardgate.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.PostgresNodes;
import io.shardgate.topology.Colo;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * Issue 6: transactions that reach several nodes, through the router, checked on the nodes themselves:
 * atomic commit and rollback, savepoints mirrored on every participant, the failed state (25P02 until
 * ROLLBACK) and the status byte, isolation level on every node, reference-table writes on every node, and
 * two-phase commit failing before its decision (nothing kept anywhere). Simple and extended protocol.
 */
@PostgresNodes(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactionIT {
  private ShardedFixture fx;
  private final AtomicLong nextId = new AtomicLong(50_000);

  @BeforeAll
  void start(LocalCluster cluster) throws Exception {
    fx = new ShardedFixture(cluster);
    for (int n = 0; n < 2; n++) {
      // checked at PREPARE TRANSACTION / COMMIT: makes the commit of one node's part fail on demand
      LocalCluster.execute(fx.node(n), fx.database,
          "ALTER TABLE orders ADD CONSTRAINT orders_once UNIQUE (user_id, total) DEFERRABLE INITIALLY DEFERRED");
    }
    LocalCluster.execute(fx.node(0), fx.database,
        "CREATE TABLE ledger (id int, CONSTRAINT ledger_once UNIQUE (id) DEFERRABLE INITIALLY DEFERRED)");
  }

  @AfterAll
  void stop() {
    fx.close();
  }

  /** A fresh user id whose shard is on node {@code node} (0-based). */
  private long idOn(int node) {
    Colo colo = fx.topology.coloOfTable("users").orElseThrow();
    while (true) {
      long id = nextId.incrementAndGet();
      String shardNode = fx.topology.shardForValue(colo, Long.toString(id)).node();
      if (shardNode.equals("n" + (node + 1))) {
        return id;
      }
    }
  }

  private Connection extended() throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + fx.port + "/" + fx.database
        + "?user=postgres&sslmode=disable&prepareThreshold=1");
  }

  /** Whether user {@code id} is in the base table of node {@code node}, read on the node itself. */
  private boolean onNode(int node, String table, String column, Object value) throws SQLException {
    try (Connection c = fx.direct(node); PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM public." + table + " WHERE " + column + " = ?")) {
      ps.setObject(1, value);
      return ps.executeQuery().next();
    }
  }

  private int preparedXacts(int node) throws SQLException {
    try (Connection c = fx.direct(node); ResultSet rs = c.createStatement()
        .executeQuery("SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static TransactionState state(Connection c) throws SQLException {
    return c.unwrap(BaseConnection.class).getTransactionState();
  }

  @Test
  void crossNodeTransactionCommitsEverywhere() throws Exception {
    for (Connection c : new Connection[] {fx.connect(), extended()}) {
      try (c; Statement s = c.createStatement()) {
        long a = idOn(0);
        long b = idOn(1);
        c.setAutoCommit(false);
        s.executeUpdate("INSERT INTO users (id, name) VALUES (" + a + ", 'a')");
        s.executeUpdate("INSERT INTO users (id, name) VALUES (" + b + ", 'b')");
        s.executeUpdate("INSERT INTO plans (name, price) VALUES ('p" + a + "', 1)");
        assertEquals(TransactionState.OPEN, state(c));
        long twoPhase = fx.router.transactions().twoPhaseCommits();
        // the transaction sees its own writes on both nodes before COMMIT; other sessions do not
        ResultSet rs = s.executeQuery("SELECT name FROM users WHERE id = " + b);
        assertTrue(rs.next());
        assertFalse(onNode(1, "users", "id", b));
        c.commit();
        assertEquals(twoPhase + 1, fx.router.transactions().twoPhaseCommits(), "wrote on two nodes: two-phase commit");
        assertEquals(TransactionState.IDLE, state(c));
        assertTrue(onNode(0, "users", "id", a));
        assertTrue(onNode(1, "users", "id", b));
        assertTrue(onNode(0, "plans", "name", "p" + a));
        assertEquals(0, preparedXacts(0));
        assertEquals(0, preparedXacts(1));
      }
    }
  }

  @Test
  void crossNodeRollbackKeepsNothing() throws Exception {
    for (Connection c : new Connection[] {fx.connect(), extended()}) {
      try (c; Statement s = c.createStatement()) {
        long a = idOn(0);
        long b = idOn(1);
        c.setAutoCommit(false);
        s.executeUpdate("INSERT INTO users (id, name) VALUES (" + a + ", 'a')");
        s.executeUpdate("INSERT INTO users (id, name) VALUES (" + b + ", 'b')");
        c.rollback();
        c.setAutoCommit(true);
        assertFalse(onNode(0, "users", "id", a));
        assertFalse(onNode(1, "users", "id", b));
      }
    }
  }

  @Test
  void savepointsAreMirroredOnEveryNode() throws Exception {
    for (Connection c : new Connection[] {fx.connect(), extended()}) {
      try (c; Statement s = c.createStatement()) {
        long a = idOn(0);
        long a2 = idOn(0);
        long b = idOn(1);
        long b2 = idOn(1);
        c.setAutoCommit(false);
        // a savepoint before any node is reached: replayed on each node as it joins
        Savepoint early = c.setSavepoint("early");
        s.executeUpdate("INSERT INTO users (id, name) VALUES (" + a + ", 'a')");
        Savepoint sp = c.setSavepoint("mid");
        s.executeUpdate("INSERT INTO users (id, name) VALUES (" + b + ", 'b, rolled back')");
        s.executeUpdate("INSERT INTO users (id, name) VALUES (" + a2 + ", 'a2, rolled back')");
        c.rollback(sp);
        s.executeUpdate("INSERT INTO users (id, name) VALUES (" + b2 + ", 'b2')");
        c.releaseSavepoint(early);
        c.commit();
        c.setAutoCommit(true);
        assertTrue(onNode(0, "users", "id", a));
        assertFalse(onNode(1, "users", "id", b));
        assertFalse(onNode(0, "users", "id", a2));
        assertTrue(onNode(1, "users", "id", b2));
      }
    }
  }

  @Test
  void anErrorOnOneNodeFailsTheWholeTransactionUntilRollback() throws Exception {
    for (Connection c : new Connection[] {fx.connect(), extended()}) {
      try (c; Statement s = c.createStatement()) {
        long a = idOn(0);
        long b = idOn(1);
        s.executeUpdate("INSERT INTO users (id, name) VALUES (" + b + ", 'exists')");
        c.setAutoCommit(false);
        s.executeUpdate("INSERT INTO users (id, name) VALUES (" + a + ", 'lost')");
        SQLException dup = assertThrows(SQLException.class,
            () -> s.executeUpdate("INSERT INTO users (id, name) VALUES (" + b + ", 'duplicate')"));
        assertEquals("23505", dup.getSQLState());
        assertEquals(TransactionState.FAILED, state(c));
        // node n1 did not fail, but the client's transaction did: PostgreSQL's 25P02 there too
        SQLException aborted = assertThrows(SQLException.class,
            () -> s.executeQuery("SELECT * FROM users WHERE id = " + a));
        assertEquals("25P02", aborted.getSQLState());
        c.rollback();
        assertEquals(TransactionState.IDLE, state(c));
        c.setAutoCommit(true);
        assertFalse(onNode(0, "users", "id", a));
        assertTrue(s.executeQuery("SELECT 1 FROM users WHERE id = " + b).next());
      }
    }
  }

  @Test
  void rollbackToSavepointRecoversFromAnErrorOnAnotherNode() throws Exception {
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      long a = idOn(0);
      long b = idOn(1);
      s.executeUpdate("INSERT INTO users (id, name) VALUES (" + b + ", 'exists')");
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO users (id, name) VALUES (" + a + ", 'kept')");
      Savepoint sp = c.setSavepoint();
      assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO users (id, name) VALUES (" + b + ", 'dup')"));
      c.rollback(sp);
      assertEquals(TransactionState.OPEN, state(c));
      s.executeUpdate("UPDATE users SET name = 'updated' WHERE id = " + b);
      c.commit();
      c.setAutoCommit(true);
      assertTrue(onNode(0, "users", "id", a));
      ResultSet rs = s.executeQuery("SELECT name FROM users WHERE id = " + b);
      assertTrue(rs.next());
      assertEquals("updated", rs.getString(1));
    }
  }

  @Test
  void isolationLevelAndReadOnlyHoldOnEveryNode() throws Exception {
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      long a = idOn(0);
      long b = idOn(1);
      s.executeUpdate("INSERT INTO users (id, name) VALUES (" + a + ", 'a')");
      s.executeUpdate("INSERT INTO users (id, name) VALUES (" + b + ", 'b')");
      s.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      for (long id : new long[] {a, b}) {
        ResultSet rs = s.executeQuery("SELECT current_setting('transaction_isolation'), "
            + "current_setting('transaction_read_only') FROM users WHERE id = " + id);
        assertTrue(rs.next());
        assertEquals("repeatable read", rs.getString(1));
        assertEquals("on", rs.getString(2));
      }
      SQLException ro = assertThrows(SQLException.class,
          () -> s.executeUpdate("UPDATE users SET name = 'x' WHERE id = " + b));
      assertEquals("25006", ro.getSQLState());
      s.execute("ROLLBACK");
    }
  }

  @Test
  void setLocalReachesParticipantsThatJoinLater() throws Exception {
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      long a = idOn(0);
      long b = idOn(1);
      s.executeUpdate("INSERT INTO users (id, name) VALUES (" + a + ", 'a')");
      s.executeUpdate("INSERT INTO users (id, name) VALUES (" + b + ", 'b')");
      s.execute("BEGIN");
      s.executeQuery("SELECT 1 FROM users WHERE id = " + a);
      s.execute("SET LOCAL statement_timeout = '4321ms'");
      ResultSet rs = s.executeQuery("SELECT current_setting('statement_timeout') FROM users WHERE id = " + b);
      assertTrue(rs.next());
      assertEquals("4321ms", rs.getString(1));
      rs = s.executeQuery("SELECT current_setting('statement_timeout') FROM users WHERE id = " + a);
      assertTrue(rs.next());
      assertEquals("4321ms", rs.getString(1));
      s.execute("COMMIT");
      rs = s.executeQuery("SELECT current_setting('statement_timeout') FROM users WHERE id = " + b);
      assertTrue(rs.next());
      assertEquals("0", rs.getString(1));
    }
  }

  @Test
  void shardsOfOneNodeShareItsTransaction() throws Exception {
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      Colo colo = fx.topology.coloOfTable("users").orElseThrow();
      long a = idOn(0);
      long other = idOn(0);
      while (fx.topology.shardForValue(colo, Long.toString(other)).number()
          == fx.topology.shardForValue(colo, Long.toString(a)).number()) {
        other = idOn(0);
      }
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO users (id, name) VALUES (" + a + ", 'a')");
      s.executeUpdate("INSERT INTO users (id, name) VALUES (" + other + ", 'other shard, same node')");
      ResultSet rs = s.executeQuery("SELECT count(*) FROM users WHERE id = " + a);
      rs.next();
      assertEquals(1, rs.getInt(1), "back on the first shard's schema");
      rs = s.executeQuery("SELECT count(*) FROM users WHERE id = " + other);
      rs.next();
      assertEquals(1, rs.getInt(1));
      c.commit();
      assertTrue(onNode(0, "users", "id", a));
      assertTrue(onNode(0, "users", "id", other));
    }
  }

  @Test
  void referenceTableWritesReachEveryNode() throws Exception {
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      assertEquals(1, s.executeUpdate("INSERT INTO countries VALUES ('FR', 'France')"));
      assertTrue(onNode(0, "countries", "code", "FR"));
      assertTrue(onNode(1, "countries", "code", "FR"));
      // in a transaction with a colo write: both or neither
      long b = idOn(1);
      c.setAutoCommit(false);
      s.executeUpdate("UPDATE countries SET name = 'République française' WHERE code = 'FR'");
      s.executeUpdate("INSERT INTO users (id, name, email) VALUES (" + b + ", 'b', 'FR')");
      ResultSet rs = s.executeQuery("SELECT c.name FROM users u JOIN countries c ON c.code = u.email WHERE u.id = " + b);
      assertTrue(rs.next());
      assertEquals("République française", rs.getString(1), "the shard's node sees the transaction's own write");
      c.rollback();
      for (int n = 0; n < 2; n++) {
        try (Connection d = fx.direct(n); ResultSet r = d.createStatement()
            .executeQuery("SELECT name FROM countries WHERE code = 'FR'")) {
          assertTrue(r.next());
          assertEquals("France", r.getString(1));
        }
      }
      s.executeUpdate("DELETE FROM countries WHERE code = 'FR'");
      c.commit();
      c.setAutoCommit(true);
      assertFalse(onNode(0, "countries", "code", "FR"));
      assertFalse(onNode(1, "countries", "code", "FR"));
      // an error on the write rolls it back on every node
      SQLException dup = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO countries VALUES ('DE', 'again')"));
      assertEquals("23505", dup.getSQLState());
      assertEquals(0, preparedXacts(0) + preparedXacts(1));
    }
  }

  @Test
  void aFailedPrepareRollsBackEveryNode() throws Exception {
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      long a = idOn(0);
      long b = idOn(1);
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO users (id, name) VALUES (" + a + ", 'a')");
      s.executeUpdate("INSERT INTO users (id, name) VALUES (" + b + ", 'b')");
      // the deferred unique check fails when node n2's part is prepared
      s.executeUpdate("INSERT INTO orders (user_id, total) VALUES (" + b + ", 5)");
      s.executeUpdate("INSERT INTO orders (user_id, total) VALUES (" + b + ", 5)");
      SQLException e = assertThrows(SQLException.class, c::commit);
      assertEquals("23505", e.getSQLState());
      assertEquals(TransactionState.IDLE, state(c));
      c.setAutoCommit(true);
      assertFalse(onNode(0, "users", "id", a));
      assertFalse(onNode(1, "users", "id", b));
      assertEquals(0, preparedXacts(0) + preparedXacts(1));
    }
  }

  @Test
  void aFailedDecisionOnTheControlNodeRollsBackEveryNode() throws Exception {
    try (Connection c = extended(); Statement s = c.createStatement()) {
      long b = idOn(1);
      int id = (int) b;
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO users (id, name) VALUES (" + b + ", 'b')");
      // the home node's own COMMIT fails on the deferred check after n2 prepared
      s.executeUpdate("INSERT INTO ledger VALUES (" + id + ")");
      s.executeUpdate("INSERT INTO ledger VALUES (" + id + ")");
      SQLException e = assertThrows(SQLException.class, c::commit);
      assertEquals("23505", e.getSQLState());
      c.setAutoCommit(true);
      assertFalse(onNode(1, "users", "id", b));
      assertFalse(onNode(0, "ledger", "id", id));
      assertEquals(0, preparedXacts(0) + preparedXacts(1));
    }
  }

  @Test
  void readOnlyParticipantsDoNotNeedTwoPhaseCommit() throws Exception {
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      long a = idOn(0);
      long b = idOn(1);
      long twoPhase = fx.router.transactions().twoPhaseCommits();
      c.setAutoCommit(false);
      s.executeQuery("SELECT * FROM users WHERE id = " + a);
      s.executeUpdate("INSERT INTO users (id, name) VALUES (" + b + ", 'b')");
      c.commit();
      assertEquals(twoPhase, fx.router.transactions().twoPhaseCommits(), "one writer: a plain COMMIT");
      c.setAutoCommit(true);
      assertTrue(onNode(1, "users", "id", b));
    }
    // with only one writer no commit record was needed: none was left behind for this transaction either way
    assertEquals(0, preparedXacts(0) + preparedXacts(1));
  }

  @Test
  void disconnectingMidTransactionRollsBackEveryNode() throws Exception {
    long a = idOn(0);
    long b = idOn(1);
    Connection c = fx.connect();
    Statement s = c.createStatement();
    c.setAutoCommit(false);
    s.executeUpdate("INSERT INTO users (id, name) VALUES (" + a + ", 'a')");
    s.executeUpdate("INSERT INTO users (id, name) VALUES (" + b + ", 'b')");
    c.unwrap(BaseConnection.class).getQueryExecutor().close(); // the socket goes away without a Terminate
    try (Connection d = fx.connect(); Statement t = d.createStatement()) {
      for (int i = 0; i < 50; i++) {
        // the same rows inserted by another client: succeeds once the dead session's rows are rolled back
        t.executeUpdate("INSERT INTO users (id, name) VALUES (" + a + ", 'again') ON CONFLICT DO NOTHING");
        t.executeUpdate("INSERT INTO users (id, name) VALUES (" + b + ", 'again') ON CONFLICT DO NOTHING");
      }
      ResultSet rs = t.executeQuery("SELECT name FROM users WHERE id = " + b);
      assertTrue(rs.next());
      assertEquals("again", rs.getString(1));
    }
  }

  @Test
  void aMultiStatementStringIsOneTransaction() throws Exception {
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      long a = idOn(0);
      long b = idOn(1);
      SQLException e = assertThrows(SQLException.class, () -> s.execute("INSERT INTO users (id, name) VALUES (" + a
          + ", 'a'); INSERT INTO users (id, name) VALUES (" + b + ", 'b'); SELECT 1 / 0"));
      assertEquals("22012", e.getSQLState());
      assertEquals(TransactionState.IDLE, state(c));
      assertFalse(onNode(0, "users", "id", a), "PostgreSQL rolls the whole string back");
      assertFalse(onNode(1, "users", "id", b));
      s.execute("INSERT INTO users (id, name) VALUES (" + a + ", 'a'); INSERT INTO users (id, name) VALUES ("
          + b + ", 'b'); INSERT INTO countries VALUES ('X" + a + "', 'x')");
      assertTrue(onNode(0, "users", "id", a));
      assertTrue(onNode(1, "users", "id", b));
      assertTrue(onNode(0, "countries", "code", "X" + a));
      assertTrue(onNode(1, "countries", "code", "X" + a));
      // BEGIN inside the string opens an ordinary block that outlives it
      s.execute("SELECT 1; BEGIN; UPDATE users SET name = 'in block' WHERE id = " + b);
      assertEquals(TransactionState.OPEN, state(c));
      s.execute("ROLLBACK");
      ResultSet rs = s.executeQuery("SELECT name FROM users WHERE id = " + b);
      assertTrue(rs.next());
      assertEquals("b", rs.getString(1));
    }
  }

  @Test
  void aJdbcBatchAcrossNodesIsOneTransaction() throws Exception {
    try (Connection c = extended(); PreparedStatement ps = c.prepareStatement("INSERT INTO users (id, name) VALUES (?, ?)")) {
      long a = idOn(0);
      long b = idOn(1);
      long b2 = idOn(1);
      for (long id : new long[] {a, b, b2, b}) { // the last one is a duplicate: the whole batch fails
        ps.setLong(1, id);
        ps.setString(2, "batch");
        ps.addBatch();
      }
      SQLException e = assertThrows(SQLException.class, ps::executeBatch);
      assertEquals("23505", e.getSQLState());
      assertFalse(onNode(0, "users", "id", a));
      assertFalse(onNode(1, "users", "id", b));
      ps.clearBatch();
      for (long id : new long[] {a, b, b2}) {
        ps.setLong(1, id);
        ps.setString(2, "batch");
        ps.addBatch();
      }
      ps.executeBatch();
      assertTrue(onNode(0, "users", "id", a));
      assertTrue(onNode(1, "users", "id", b2));
      assertEquals(0, preparedXacts(0) + preparedXacts(1));
    }
  }

  @Test
  void serializationFailureAndDeadlockKeepTheNodesSqlstateAndAbortEveryNode() throws Exception {
    long a = idOn(0);
    long b = idOn(1);
    long b2 = idOn(1);
    try (Connection c1 = fx.connect(); Connection c2 = fx.connect();
         Statement s1 = c1.createStatement(); Statement s2 = c2.createStatement()) {
      s1.executeUpdate("INSERT INTO users (id, name) VALUES (" + a + ", 'a')");
      s1.executeUpdate("INSERT INTO users (id, name) VALUES (" + b + ", 'b')");
      s1.executeUpdate("INSERT INTO users (id, name) VALUES (" + b2 + ", 'b2')");
      // serialization failure on n2 after a write on n1
      s1.execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
      s1.executeUpdate("UPDATE users SET name = 'by c1' WHERE id = " + a);
      s1.executeQuery("SELECT name FROM users WHERE id = " + b); // n2's snapshot is taken here
      s2.executeUpdate("UPDATE users SET name = 'by c2' WHERE id = " + b);
      SQLException ser = assertThrows(SQLException.class,
          () -> s1.executeUpdate("UPDATE users SET name = 'by c1' WHERE id = " + b));
      assertEquals("40001", ser.getSQLState());
      assertEquals(TransactionState.FAILED, state(c1));
      s1.execute("COMMIT"); // answered ROLLBACK: n1's update is gone too
      assertEquals(TransactionState.IDLE, state(c1));
      ResultSet rs = s2.executeQuery("SELECT name FROM users WHERE id = " + a);
      assertTrue(rs.next());
      assertEquals("a", rs.getString(1));

      // a deadlock on n2 between two clients whose transactions also hold n1
      s1.execute("BEGIN");
      s2.execute("BEGIN");
      s1.executeUpdate("UPDATE users SET name = 'c1' WHERE id = " + a);
      s1.executeUpdate("UPDATE users SET name = 'c1' WHERE id = " + b);
      s2.executeUpdate("UPDATE users SET name = 'c2' WHERE id = " + b2);
      java.util.concurrent.CompletableFuture<SQLException> second = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          s2.executeUpdate("UPDATE users SET name = 'c2' WHERE id = " + b);
          return null;
        } catch (SQLException e) {
          return e;
        }
      });
      Thread.sleep(200); // c2 waits for c1's lock on b
      SQLException first = null;
      try {
        s1.executeUpdate("UPDATE users SET name = 'c1' WHERE id = " + b2);
      } catch (SQLException e) {
        first = e;
      }
      SQLException other = second.get(30, java.util.concurrent.TimeUnit.SECONDS);
      SQLException deadlock = first != null ? first : other;
      assertTrue(deadlock != null && (first == null || other == null), "exactly one client is the deadlock victim");
      assertEquals("40P01", deadlock.getSQLState());
      Connection victim = first != null ? c1 : c2;
      assertEquals(TransactionState.FAILED, state(victim));
      s1.execute("ROLLBACK");
      s2.execute("ROLLBACK");
      rs = s2.executeQuery("SELECT name FROM users WHERE id = " + a);
      assertTrue(rs.next());
      assertEquals("a", rs.getString(1), "rolled back on n1 too");
    }
  }

  @Test
  void referenceTableWritesThroughTheExtendedProtocol() throws Exception {
    try (Connection c = extended();
         PreparedStatement ins = c.prepareStatement("INSERT INTO countries VALUES (?, ?) RETURNING code, name");
         PreparedStatement upd = c.prepareStatement("UPDATE countries SET name = ? WHERE code = ?")) {
      ins.setString(1, "IT");
      ins.setString(2, "Italy");
      ResultSet rs = ins.executeQuery();
      assertTrue(rs.next());
      assertEquals("Italy", rs.getString(2));
      assertTrue(onNode(0, "countries", "code", "IT"));
      assertTrue(onNode(1, "countries", "code", "IT"));
      // in a transaction with a write on n2, rolled back: nowhere
      long b = idOn(1);
      c.setAutoCommit(false);
      upd.setString(1, "Italia");
      upd.setString(2, "IT");
      assertEquals(1, upd.executeUpdate());
      try (PreparedStatement u = c.prepareStatement("INSERT INTO users (id, name) VALUES (?, ?)")) {
        u.setLong(1, b);
        u.setString(2, "b");
        u.executeUpdate();
      }
      c.rollback();
      c.setAutoCommit(true);
      assertFalse(onNode(1, "users", "id", b));
      for (int n = 0; n < 2; n++) {
        try (Connection d = fx.direct(n); ResultSet r = d.createStatement()
            .executeQuery("SELECT name FROM countries WHERE code = 'IT'")) {
          assertTrue(r.next());
          assertEquals("Italy", r.getString(1));
        }
      }
      // a batch of reference writes, the last failing: none is kept
      try (PreparedStatement batch = c.prepareStatement("INSERT INTO countries VALUES (?, ?)")) {
        for (String code : new String[] {"ES", "PT", "IT"}) {
          batch.setString(1, code);
          batch.setString(2, code);
          batch.addBatch();
        }
        SQLException e = assertThrows(SQLException.class, batch::executeBatch);
        assertEquals("23505", e.getSQLState());
      }
      assertFalse(onNode(0, "countries", "code", "ES"));
      assertFalse(onNode(1, "countries", "code", "PT"));
      assertEquals(0, preparedXacts(0) + preparedXacts(1));
    }
  }

  @Test
  void keylessWritesOnSeveralShardsThroughTheExtendedProtocol() throws Exception {
    long a = idOn(0);
    long b = idOn(1);
    try (Connection c = extended(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO users (id, name, email) VALUES (" + a + ", 'a', 'tag-" + a + "')");
      s.executeUpdate("INSERT INTO users (id, name, email) VALUES (" + b + ", 'b', 'tag-" + a + "')");
      try (PreparedStatement upd = c.prepareStatement("UPDATE users SET name = ? WHERE email = ? RETURNING id")) {
        upd.setString(1, "renamed");
        upd.setString(2, "tag-" + a);
        ResultSet rs = upd.executeQuery();
        java.util.Set<Long> ids = new java.util.TreeSet<>();
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
        assertEquals(new java.util.TreeSet<>(java.util.List.of(a, b)), ids, "RETURNING rows of both nodes");
      }
      // fails on the row of b only: nothing is kept on a's node either
      try (PreparedStatement bad = c.prepareStatement(
          "UPDATE users SET name = 'x' || (1 / (id - ?))::text WHERE email = ?")) {
        bad.setLong(1, b);
        bad.setString(2, "tag-" + a);
        SQLException e = assertThrows(SQLException.class, bad::executeUpdate);
        assertEquals("22012", e.getSQLState());
      }
      try (PreparedStatement del = c.prepareStatement("DELETE FROM users WHERE email = ?")) {
        c.setAutoCommit(false);
        del.setString(1, "tag-" + a);
        assertEquals(2, del.executeUpdate());
        c.rollback();
        c.setAutoCommit(true);
      }
      for (int n = 0; n < 2; n++) {
        try (Connection d = fx.direct(n); ResultSet r = d.createStatement().executeQuery(
            "SELECT name FROM public.users WHERE id = " + (n == 0 ? a : b))) {
          assertTrue(r.next());
          assertEquals("renamed", r.getString(1));
        }
      }
    }
  }

  @Test
  void lockTableLocksTheTableOnEveryNode() throws Exception {
    long b = idOn(1);
    try (Connection c1 = fx.connect(); Connection c2 = fx.connect();
         Statement s1 = c1.createStatement(); Statement s2 = c2.createStatement()) {
      SQLException outside = assertThrows(SQLException.class, () -> s1.execute("LOCK TABLE users IN SHARE MODE"));
      assertEquals("25P01", outside.getSQLState());
      s1.execute("BEGIN");
      s1.execute("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE");
      s2.execute("SET lock_timeout = '300ms'");
      SQLException blocked = assertThrows(SQLException.class,
          () -> s2.executeUpdate("INSERT INTO users (id, name) VALUES (" + b + ", 'waits')"));
      assertEquals("55P03", blocked.getSQLState(), "node n2's table is locked too");
      s1.execute("ROLLBACK");
      assertEquals(1, s2.executeUpdate("INSERT INTO users (id, name) VALUES (" + b + ", 'after')"));
    }
  }

  @Test
  void concurrentFirstTwoPhaseCommitsCreateTheCommitRecordTableOnce() throws Exception {
    LocalCluster.execute(fx.node(0), fx.database, "DROP TABLE IF EXISTS shardgate.commit_log");
    // a router of its own: it has not created the table yet
    try (io.shardgate.router.frontend.RouterServer router = new io.shardgate.router.frontend.RouterServer(fx.topology,
        io.shardgate.router.RouterSettings.load(fx.configFile))) {
      int port = router.start("127.0.0.1", 0).getPort();
      int clients = 8;
      long[][] ids = new long[clients][];
      for (int i = 0; i < clients; i++) {
        ids[i] = new long[] {idOn(0), idOn(1)};
      }
      java.util.List<java.util.concurrent.CompletableFuture<Void>> runs = new java.util.ArrayList<>();
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      for (int i = 0; i < clients; i++) {
        long[] pair = ids[i];
        runs.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
          try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + fx.database
              + "?user=postgres&sslmode=disable&preferQueryMode=simple"); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO users (id, name) VALUES (" + pair[0] + ", 'first')");
            s.executeUpdate("INSERT INTO users (id, name) VALUES (" + pair[1] + ", 'first')");
            start.await();
            c.commit();
          } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        }));
      }
      start.countDown();
      for (var run : runs) {
        run.get(60, java.util.concurrent.TimeUnit.SECONDS); // every first commit succeeds
      }
      assertEquals(clients, router.transactions().twoPhaseCommits());
      for (long[] pair : ids) {
        assertTrue(onNode(0, "users", "id", pair[0]));
        assertTrue(onNode(1, "users", "id", pair[1]));
      }
    }
  }
}
