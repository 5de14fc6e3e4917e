package io.shardgate.router.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.PostgresNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * psql scripts through the router, beyond PsqlIT: variables, {@code \gset}, {@code \if},
 * {@code \gexec}, several statements on one line and in one Query ({@code \;}), {@code \d}, {@code \dt},
 * {@code \l}, {@code \x}, {@code \gdesc}, {@code \copy ... TO STDOUT}, {@code \c}, error variables,
 * FETCH_COUNT cursors, and transaction blocks (committed, rolled back, AUTOCOMMIT off, {@code -1},
 * ON_ERROR_ROLLBACK's savepoints, stopped by a cross-shard statement). Rows are checked on the nodes.
 */
@PostgresNodes(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PsqlScriptIT {
  private Path psql;
  private RouterFixture fx;

  @BeforeAll
  void start(LocalCluster cluster) throws Exception {
    psql = ClientProcess.onPath("psql").orElse(null);
    assumeTrue(psql != null, "psql is not installed");
    fx = RouterFixture.usersColo(cluster, "psqlscript");
  }

  @AfterAll
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  /** Runs {@code script} from a file with psql (no psqlrc, C locale, no pager); variables as name=value. */
  private ClientProcess.Result psql(String script, String... variables) throws Exception {
    return psql(List.of(), script, variables);
  }

  /** The same with extra psql options ({@code flags}). */
  private ClientProcess.Result psql(List<String> flags, String script, String... variables) throws Exception {
    Path file = Files.createTempFile("psql-script", ".sql");
    Files.writeString(file, script);
    List<String> cmd = new ArrayList<>(List.of(psql.toString(), "-X", "-P", "pager=off"));
    cmd.addAll(flags);
    cmd.addAll(fx.libpqArgs());
    cmd.addAll(List.of("-d", fx.database));
    for (String v : variables) {
      cmd.addAll(List.of("-v", v));
    }
    cmd.addAll(List.of("-f", file.toString()));
    try {
      return ClientProcess.run(cmd, null, null, Map.of("LC_ALL", "C", "PGCONNECT_TIMEOUT", "10"), Duration.ofSeconds(30));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void variablesGsetIfGexecAndSeveralStatementsPerLine() throws Exception {
    ClientProcess.Result r = psql("""
        \\set ON_ERROR_STOP on
        \\set uname 'psql script user'
        INSERT INTO users (id, name, email) VALUES (:uid, :'uname', 'DE');
        SELECT name AS fetched_name, email AS fetched_email FROM users WHERE id = :uid \\gset
        \\echo fetched=:fetched_name/:fetched_email
        INSERT INTO orders (user_id, total) VALUES (:uid, 10.00); INSERT INTO orders (user_id, total) VALUES (:uid, 2.50); SELECT count(*) AS n_orders, sum(total) AS sum_orders FROM orders WHERE user_id = :uid \\gset
        \\echo orders=:n_orders sum=:sum_orders
        SELECT c.name AS country FROM users u JOIN countries c ON c.code = u.email WHERE u.id = :uid \\gset
        \\echo country=:country
        SELECT count(*) = 1 AS present FROM users WHERE id = :uid \\gset
        \\if :present
        \\echo branch=present
        \\else
        \\echo branch=missing
        \\endif
        SELECT 'one' AS first_result \\; SELECT 'two' AS second_result \\; SELECT name AS third_result FROM users WHERE id = :uid;
        SELECT format('INSERT INTO users (id, name) VALUES (%s, %L)', g, 'gexec ' || g) FROM generate_series(:uid + 1, :uid + 6) g \\gexec
        SELECT :uid + 6 AS last_id \\gset
        SELECT name AS gexec_name FROM users WHERE id = :last_id \\gset
        \\echo gexec=:gexec_name
        \\echo done
        """, "uid=880001");
    assertEquals(0, r.exitCode(), r.transcript());
    String out = r.stdout();
    assertTrue(out.contains("fetched=psql script user/DE"), r.transcript());
    assertTrue(out.contains("orders=2 sum=12.50"), r.transcript());
    assertTrue(out.contains("country=Germany"), r.transcript());
    assertTrue(out.contains("branch=present"), r.transcript());
    // \; sends one Query with three statements; psql 15 prints every result
    for (String expected : List.of("first_result", "one", "second_result", "two", "third_result")) {
      assertTrue(out.contains(expected), expected + "\n" + r.transcript());
    }
    assertTrue(Pattern.compile("(?m)^ psql script user$").matcher(out).find(), r.transcript());
    assertEquals(6, count(out, "INSERT 0 1\n") - 3, "six INSERTs from \\gexec besides the three of the script\n" + r.transcript());
    assertTrue(out.contains("gexec=gexec 880007"), r.transcript());
    assertTrue(out.strip().endsWith("done"), r.transcript());
    assertEquals("", r.stderr(), r.transcript());
    assertEquals(7, fx.sumOverNodes("SELECT count(*) FROM public.users WHERE id BETWEEN 880001 AND 880007"));
    assertEquals(2, fx.sumOverNodes("SELECT count(*) FROM public.orders WHERE user_id = 880001"));
  }

  @Test
  void describeListAndExpandedOutput() throws Exception {
    ClientProcess.Result r = psql("""
        \\set ON_ERROR_STOP on
        INSERT INTO users (id, name, email) VALUES (880101, 'expanded', 'JP');
        \\d users
        \\dt
        \\l
        \\x on
        SELECT id, name, email FROM users WHERE id = 880101;
        \\x off
        SELECT id, name FROM users WHERE id = 880101;
        """);
    assertEquals(0, r.exitCode(), r.transcript());
    String out = r.stdout();
    // \d users
    assertTrue(out.contains("Table \"public.users\""), r.transcript());
    assertTrue(Pattern.compile("(?m)^ id\\s+\\| bigint\\s+\\|\\s+\\| not null").matcher(out).find(), r.transcript());
    assertTrue(out.contains("\"users_pkey\" PRIMARY KEY, btree (id)"), r.transcript());
    // \dt: the tables of the home node
    for (String table : List.of("countries", "orders", "plans", "users")) {
      assertTrue(Pattern.compile("(?m)^ public\\s+\\| " + table + "\\s+\\| table\\s+\\| postgres").matcher(out).find(),
          table + "\n" + r.transcript());
    }
    assertTrue(out.contains("(4 rows)"), r.transcript());
    // \l
    assertTrue(out.contains("List of databases"), r.transcript());
    assertTrue(Pattern.compile("(?m)^ " + fx.database + "\\s+\\| postgres").matcher(out).find(), r.transcript());
    // \x
    assertTrue(out.contains("Expanded display is on."), r.transcript());
    assertTrue(out.contains("-[ RECORD 1 ]"), r.transcript());
    assertTrue(out.contains("id    | 880101\nname  | expanded\nemail | JP\n"), r.transcript());
    assertTrue(out.contains("Expanded display is off."), r.transcript());
    assertTrue(Pattern.compile("(?m)^ +id +\\| +name +$").matcher(out).find(), r.transcript());
    assertTrue(Pattern.compile("(?m)^ 880101 \\| expanded$").matcher(out).find(), r.transcript());
  }

  @Test
  void transactionBlocksCommitAndRollBackOnOneShard() throws Exception {
    ClientProcess.Result r = psql("""
        \\set ON_ERROR_STOP on
        BEGIN;
        INSERT INTO users (id, name) VALUES (:uid, 'in a block');
        INSERT INTO orders (user_id, total) VALUES (:uid, 7.00);
        UPDATE users SET name = 'in a block, updated' WHERE id = :uid;
        SELECT name AS seen_inside FROM users WHERE id = :uid;
        COMMIT;
        BEGIN;
        INSERT INTO users (id, name) VALUES (:gone, 'rolled back');
        SELECT count(*) AS inside_rolled_back FROM users WHERE id = :gone;
        ROLLBACK;
        SELECT count(*) AS after_rollback FROM users WHERE id = :gone;
        """, "uid=880201", "gone=880202");
    assertEquals(0, r.exitCode(), r.transcript());
    String out = r.stdout();
    assertTrue(Pattern.compile("BEGIN\nINSERT 0 1\nINSERT 0 1\nUPDATE 1\n").matcher(out).find(), r.transcript());
    assertTrue(Pattern.compile("(?m)^ in a block, updated$").matcher(out).find(), r.transcript());
    assertTrue(out.contains("COMMIT\n"), r.transcript());
    assertTrue(Pattern.compile("inside_rolled_back\\s*\n-+\n\\s+1\n").matcher(out).find(), r.transcript());
    assertTrue(out.contains("ROLLBACK\n"), r.transcript());
    assertTrue(Pattern.compile("after_rollback\\s*\n-+\n\\s+0\n").matcher(out).find(), r.transcript());
    assertEquals("", r.stderr(), r.transcript());
    assertEquals(List.of("in a block, updated"), namesOnNodes(880201));
    assertEquals(1, fx.sumOverNodes("SELECT count(*) FROM public.orders WHERE user_id = 880201"));
    assertEquals(List.of(), namesOnNodes(880202));
  }

  @Test
  void autocommitOffOpensTransactionsImplicitly() throws Exception {
    // psql sends BEGIN itself before the first statement outside a transaction
    ClientProcess.Result r = psql("""
        \\set ON_ERROR_STOP on
        \\set AUTOCOMMIT off
        INSERT INTO users (id, name) VALUES (881001, 'autocommit off');
        UPDATE users SET name = 'autocommit off, committed' WHERE id = 881001;
        COMMIT;
        SELECT name AS committed_name FROM users WHERE id = 881001;
        ROLLBACK;
        INSERT INTO users (id, name) VALUES (881002, 'left open');
        """);
    assertEquals(0, r.exitCode(), r.transcript());
    assertTrue(r.stdout().contains("INSERT 0 1\nUPDATE 1\nCOMMIT\n"), r.transcript());
    assertTrue(r.stdout().contains(" autocommit off, committed\n"), r.transcript());
    assertEquals(List.of("autocommit off, committed"), namesOnNodes(881001));
    // psql ends without COMMIT: the open transaction is rolled back
    assertEquals(List.of(), namesOnNodes(881002));
  }

  @Test
  void singleTransactionFlagWrapsTheScript() throws Exception {
    ClientProcess.Result ok = psql(List.of("-1", "-v", "ON_ERROR_STOP=1"), """
        INSERT INTO users (id, name) VALUES (881101, 'single');
        INSERT INTO orders (user_id, total) VALUES (881101, 3);
        """);
    assertEquals(0, ok.exitCode(), ok.transcript());
    assertEquals(List.of("single"), namesOnNodes(881101));
    ClientProcess.Result failed = psql(List.of("-1", "-v", "ON_ERROR_STOP=1"), """
        INSERT INTO users (id, name) VALUES (881102, 'undone');
        INSERT INTO orders (user_id, total) VALUES (881102, 'not a number');
        """);
    assertEquals(3, failed.exitCode(), failed.transcript());
    assertTrue(failed.stderr().contains("invalid input syntax for type numeric"), failed.transcript());
    assertEquals(List.of(), namesOnNodes(881102));
  }

  @Test
  void onErrorRollbackRecoversFromAFailedStatementWithSavepoints() throws Exception {
    // psql wraps each statement of the block in SAVEPOINT / RELEASE and sends ROLLBACK TO SAVEPOINT on an error
    ClientProcess.Result r = psql("""
        \\set ON_ERROR_ROLLBACK on
        BEGIN;
        INSERT INTO users (id, name) VALUES (:uid, 'first');
        INSERT INTO users (id, name) VALUES (:uid, 'duplicate');
        UPDATE users SET name = 'kept after error' WHERE id = :uid;
        COMMIT;
        """, "uid=880301");
    assertEquals(0, r.exitCode(), r.transcript());
    assertTrue(r.stderr().contains("duplicate key value violates unique constraint \"users_pkey\""), r.transcript());
    assertTrue(r.stdout().contains("UPDATE 1\nCOMMIT\n"), r.transcript());
    assertEquals(List.of("kept after error"), namesOnNodes(880301));
  }

  @Test
  void errorVariablesAfterARefusedStatement() throws Exception {
    ClientProcess.Result r = psql("""
        INSERT INTO users (name) VALUES ('no key');
        \\echo error=:ERROR sqlstate=:SQLSTATE last=:LAST_ERROR_SQLSTATE
        SELECT 41 + 1 AS answer \\gset
        \\echo error=:ERROR answer=:answer
        """);
    assertEquals(0, r.exitCode(), r.transcript());
    assertTrue(r.stdout().contains("error=true sqlstate=0A000 last=0A000"), r.transcript());
    assertTrue(r.stdout().contains("error=false answer=42"), r.transcript());
    assertTrue(r.stderr().contains("ERROR:") && r.stderr().contains("\"users\""), r.transcript());
  }

  @Test
  void errorOnAnotherShardStopsTheScriptAndNothingOfTheBlockCommits() throws Exception {
    long a = 880401;
    long b = a + 1;
    while (fx.shardOf("users", Long.toString(b)).number() == fx.shardOf("users", Long.toString(a)).number()) {
      b++;
    }
    ClientProcess.Result r = psql("""
        \\set ON_ERROR_STOP on
        BEGIN;
        INSERT INTO users (id, name) VALUES (:a, 'never committed');
        SELECT * FROM users WHERE id = :b;
        SELECT 1 / 0 FROM users WHERE id = :b;
        COMMIT;
        \\echo not reached
        """, "a=" + a, "b=" + b);
    assertEquals(3, r.exitCode(), r.transcript());
    assertTrue(r.stderr().contains("ERROR:"), r.transcript());
    assertFalse(r.stdout().contains("not reached"), r.transcript());
    assertEquals(List.of(), namesOnNodes(a));
    // the aborted block left no lock behind: the same key can be inserted at once
    ClientProcess.Result again = psql("""
        \\set ON_ERROR_STOP on
        SET lock_timeout = '5s';
        INSERT INTO users (id, name) VALUES (:a, 'second try');
        SELECT name FROM users WHERE id = :a;
        """, "a=" + a);
    assertEquals(0, again.exitCode(), again.transcript());
    assertTrue(again.stdout().contains("second try"), again.transcript());
    assertEquals(List.of("second try"), namesOnNodes(a));
  }

  @Test
  void fetchCountReadsThroughACursorInsideATransaction() throws Exception {
    // with FETCH_COUNT psql runs BEGIN; DECLARE _psql_cursor ...; FETCH FORWARD n ...; CLOSE; COMMIT
    ClientProcess.Result r = psql("""
        \\set ON_ERROR_STOP on
        INSERT INTO orders (user_id, total) VALUES (:uid, 1), (:uid, 2), (:uid, 3), (:uid, 4), (:uid, 5), (:uid, 6), (:uid, 7);
        \\set FETCH_COUNT 3
        SELECT total FROM orders WHERE user_id = :uid ORDER BY total;
        \\unset FETCH_COUNT
        SELECT count(*) AS orders_after FROM orders WHERE user_id = :uid;
        """, "uid=880501");
    assertEquals(0, r.exitCode(), r.transcript());
    assertTrue(r.stdout().contains("INSERT 0 7"), r.transcript());
    assertTrue(Pattern.compile("total\\s*\n-+\n\\s+1\\.00\n\\s+2\\.00\n\\s+3\\.00\n\\s+4\\.00\n\\s+5\\.00\n\\s+6\\.00\n"
        + "\\s+7\\.00\n\\(7 rows\\)").matcher(r.stdout()).find(), r.transcript());
    assertTrue(Pattern.compile("orders_after\\s*\n-+\n\\s+7\n").matcher(r.stdout()).find(), r.transcript());
    assertEquals("", r.stderr(), r.transcript());
  }

  @Test
  void gdescDescribesAStatementOnItsShard() throws Exception {
    // \gdesc prepares the statement and describes it (extended protocol: Parse, Describe statement, Sync)
    ClientProcess.Result r = psql("""
        \\set ON_ERROR_STOP on
        SELECT id, name, email FROM users WHERE id = 880601 \\gdesc
        SELECT total, user_id FROM orders WHERE user_id = 880601 \\gdesc
        """);
    assertEquals(0, r.exitCode(), r.transcript());
    assertTrue(Pattern.compile("(?m)^ id\\s+\\| bigint$").matcher(r.stdout()).find(), r.transcript());
    assertTrue(Pattern.compile("(?m)^ name\\s+\\| text$").matcher(r.stdout()).find(), r.transcript());
    assertTrue(Pattern.compile("(?m)^ total\\s+\\| numeric\\(12,2\\)$").matcher(r.stdout()).find(), r.transcript());
  }

  @Test
  void copyToStdoutOfOneShardAndOfTheHomeNode() throws Exception {
    ClientProcess.Result r = psql("""
        \\set ON_ERROR_STOP on
        INSERT INTO users (id, name, email) VALUES (880701, 'copied', 'DE');
        \\copy (SELECT id, name, email FROM users WHERE id = 880701) TO STDOUT WITH (FORMAT csv)
        COPY (SELECT name, price FROM plans ORDER BY name) TO STDOUT;
        \\echo copied
        """);
    assertEquals(0, r.exitCode(), r.transcript());
    assertTrue(r.stdout().contains("880701,copied,DE\n"), r.transcript());
    assertTrue(r.stdout().contains("free\t0\nteam\t20\n"), r.transcript());
    assertTrue(r.stdout().contains("copied\n"), r.transcript());
  }

  @Test
  void reconnectWithBackslashC() throws Exception {
    ClientProcess.Result r = psql("""
        \\set ON_ERROR_STOP on
        SET application_name = 'before reconnect';
        INSERT INTO users (id, name) VALUES (880801, 'before');
        \\c
        SELECT current_setting('application_name') = 'before reconnect' AS kept_setting \\gset
        \\echo kept=:kept_setting
        SELECT name AS after_reconnect FROM users WHERE id = 880801;
        """);
    assertEquals(0, r.exitCode(), r.transcript());
    assertTrue(r.stdout().contains("kept=f"), "a new session starts without the old one's SET\n" + r.transcript());
    assertTrue(Pattern.compile("after_reconnect\\s*\n-+\n before\n").matcher(r.stdout()).find(), r.transcript());
  }

  @Test
  @Disabled("router bug: the Calcite-based analyser fails on column labels PostgreSQL accepts after AS (date, time, "
      + "next, row, rows, select), so such a statement on a sharded table is refused with 0A000 'could not analyse'")
  void columnLabelsThatAreKeywordsElsewhere() throws Exception {
    ClientProcess.Result r = psql("""
        \\set ON_ERROR_STOP on
        INSERT INTO users (id, name) VALUES (880901, 'labels');
        SELECT name AS date, name AS time, 1 AS next, 2 AS rows, 3 AS row, 4 AS select FROM users WHERE id = 880901;
        """);
    assertEquals(0, r.exitCode(), r.transcript());
    assertTrue(r.stdout().contains("  date  |  time  | next | rows | row | select \n"), r.transcript());
    assertTrue(r.stdout().contains(" labels | labels |    1 |    2 |   3 |      4\n"), r.transcript());
  }

  /** The names of user {@code id} in every node's base table (each row should be in one). */
  private List<String> namesOnNodes(long id) throws Exception {
    List<String> names = new ArrayList<>();
    for (int n = 0; n < fx.nodeCount(); n++) {
      try (Connection c = fx.direct(n); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT name FROM public.users WHERE id = " + id)) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    }
    return names;
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }
}
