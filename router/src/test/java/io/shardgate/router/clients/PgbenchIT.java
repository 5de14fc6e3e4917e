package io.shardgate.router.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.PostgresNodes;
import io.shardgate.topology.Shard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * pgbench through the router in all three query modes (simple, extended, prepared): its built-in
 * select-only script, custom scripts that read and write accounts by aid (sharded) and read branches
 * (unsharded, home node), single-shard transactions, pipelines, and a new connection per transaction.
 * Every write is checked on the nodes themselves.
 */
@PostgresNodes(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgbenchIT {
  private static final int CLIENTS = 4;
  private static final int TRANSACTIONS = 200;
  /** Transactions per client of the variants beyond the basic runs: enough to interleave, short enough for the build. */
  private static final int SHORT_RUN = 50;
  private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)/(\\d+)");
  private static final String ABALANCE_SUM = "SELECT coalesce(sum(abalance), 0) FROM public.pgbench_accounts";

  private Path pgbench;
  private RouterFixture fx;

  @BeforeAll
  void start(LocalCluster cluster) throws Exception {
    pgbench = ClientProcess.onPath("pgbench").orElse(null);
    assumeTrue(pgbench != null, "pgbench is not installed");
    fx = PgbenchSchema.start(cluster, pgbench, 1);
  }

  @AfterAll
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void everyAccountIsOnItsShardsNodeExactlyOnce() throws Exception {
    assertEquals(PgbenchSchema.ACCOUNTS_PER_SCALE, fx.sumOverNodes("SELECT count(*) FROM public.pgbench_accounts"));
    long inShardViews = 0;
    for (Shard shard : fx.topology.colo("accounts").orElseThrow().shards()) {
      try (Connection c = fx.direct(fx.nodeIndex(shard.node())); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT count(*) FROM " + shard.schemaName() + ".pgbench_accounts")) {
        rs.next();
        assertTrue(rs.getLong(1) > 0, shard + " holds accounts");
        inShardViews += rs.getLong(1);
      }
    }
    assertEquals(PgbenchSchema.ACCOUNTS_PER_SCALE, inShardViews, "the shard views partition the accounts");
    for (int aid : new int[] {1, 2, 3, 50_000, PgbenchSchema.ACCOUNTS_PER_SCALE}) {
      Shard shard = fx.shardOf("pgbench_accounts", Integer.toString(aid));
      try (Connection c = fx.direct(fx.nodeIndex(shard.node())); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT count(*) FROM " + shard.schemaName() + ".pgbench_accounts WHERE aid = " + aid)) {
        rs.next();
        assertEquals(1, rs.getLong(1), "account " + aid + " in " + shard);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"simple", "extended", "prepared"})
  void builtInSelectOnly(String mode) throws Exception {
    ClientProcess.Result r = pgbench("-S", "-M", mode);
    assertAllTransactionsDone(r);
    assertTrue(r.stdout().contains("builtin: select only"), r.transcript());
  }

  @ParameterizedTest
  @ValueSource(strings = {"simple", "extended", "prepared"})
  void customScriptReadsAndWritesByKey(String mode) throws Exception {
    Path script = script("""
        \\set aid random(1, 100000 * :scale)
        SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
        UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;
        SELECT bbalance FROM pgbench_branches WHERE bid = 1;
        """);
    long before = fx.sumOverNodes(ABALANCE_SUM);
    ClientProcess.Result r = pgbench("-f", script.toString(), "-M", mode);
    assertAllTransactionsDone(r);
    assertEquals(CLIENTS * TRANSACTIONS, fx.sumOverNodes(ABALANCE_SUM) - before,
        "one UPDATE of +1 per transaction, each applied exactly once\n" + r.transcript());
    assertEquals(PgbenchSchema.ACCOUNTS_PER_SCALE, fx.sumOverNodes("SELECT count(*) FROM public.pgbench_accounts"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"simple", "extended", "prepared"})
  void customScriptWithSingleShardTransactions(String mode) throws Exception {
    // BEGIN is answered by the router; the first statement pins the transaction to the account's shard
    Path script = script("""
        \\set aid random(1, 100000 * :scale)
        \\set delta random(1, 5)
        BEGIN;
        SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
        UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
        UPDATE pgbench_accounts SET abalance = abalance - :delta + 2 WHERE aid = :aid;
        SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
        END;
        """);
    long before = fx.sumOverNodes(ABALANCE_SUM);
    ClientProcess.Result r = pgbench(SHORT_RUN, "-f", script.toString(), "-M", mode);
    assertAllTransactionsDone(r, SHORT_RUN);
    assertEquals(2L * CLIENTS * SHORT_RUN, fx.sumOverNodes(ABALANCE_SUM) - before,
        "+2 per committed transaction\n" + r.transcript());
  }

  @ParameterizedTest
  @ValueSource(strings = {"extended", "prepared"})
  void pipelinedStatementsOfOneShard(String mode) throws Exception {
    // \startpipeline: Parse/Bind/Describe/Execute of every statement, then one Sync at \endpipeline
    Path script = script("""
        \\set aid random(1, 100000 * :scale)
        \\startpipeline
        SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
        UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;
        SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
        \\endpipeline
        """);
    long before = fx.sumOverNodes(ABALANCE_SUM);
    ClientProcess.Result r = pgbench(SHORT_RUN, "-f", script.toString(), "-M", mode);
    assertAllTransactionsDone(r, SHORT_RUN);
    assertEquals(CLIENTS * SHORT_RUN, fx.sumOverNodes(ABALANCE_SUM) - before, r.transcript());
  }

  @ParameterizedTest
  @ValueSource(strings = {"extended", "prepared"})
  void pipelineFromAShardToTheHomeNode(String mode) throws Exception {
    // the router ends the shard's part at the move with a Sync of its own (see failedPipelineAcrossNodes...)
    Path script = script("""
        \\set aid random(1, 100000 * :scale)
        \\startpipeline
        UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;
        SELECT bbalance FROM pgbench_branches WHERE bid = 1;
        SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
        \\endpipeline
        """);
    long before = fx.sumOverNodes(ABALANCE_SUM);
    ClientProcess.Result r = pgbench(SHORT_RUN, "-f", script.toString(), "-M", mode);
    assertAllTransactionsDone(r, SHORT_RUN);
    assertEquals(CLIENTS * SHORT_RUN, fx.sumOverNodes(ABALANCE_SUM) - before, r.transcript());
  }

  @ParameterizedTest
  @ValueSource(strings = {"extended", "prepared"})
  void failedPipelineOnOneShardLeavesNoWriteBehind(String mode) throws Exception {
    // a pipeline up to its Sync is one implicit transaction: the error rolls the UPDATE back
    assertFailedPipelineWritesNothing(mode, "SELECT abalance / 0 FROM pgbench_accounts WHERE aid = :aid;");
  }

  @ParameterizedTest
  @ValueSource(strings = {"extended", "prepared"})
  void failedPipelineAcrossNodesLeavesNoWriteBehind(String mode) throws Exception {
    // the same, with the failing statement on the home node: PostgreSQL would roll the UPDATE back; the router
    // must do so too, or refuse the pipeline, but never commit half of it
    assertFailedPipelineWritesNothing(mode, "SELECT bbalance / 0 FROM pgbench_branches WHERE bid = 1;");
  }

  private void assertFailedPipelineWritesNothing(String mode, String failing) throws Exception {
    Path script = script("""
        \\set aid random(1, 100000 * :scale)
        \\startpipeline
        UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;
        %s
        \\endpipeline
        """.formatted(failing));
    long before = fx.sumOverNodes(ABALANCE_SUM);
    ClientProcess.Result r = pgbench(5, "-f", script.toString(), "-M", mode); // each client stops at its first
    assertEquals(2, r.exitCode(), "every client aborts at its failed pipeline\n" + r.transcript());
    assertTrue(r.stderr().contains("ERROR:"), r.transcript()); // division by zero, or the router's refusal
    assertEquals(before, fx.sumOverNodes(ABALANCE_SUM), "no UPDATE of a failed pipeline is left\n" + r.transcript());
  }

  @ParameterizedTest
  @ValueSource(strings = {"simple", "extended", "prepared"})
  void builtInTpcbKeepsEveryBalanceInStep(String mode) throws Exception {
    // each transaction updates an account (on its shard's node) and a teller, a branch and the history (home
    // node n1): about half of them write on two nodes and commit with two-phase commit
    String[] sums = {ABALANCE_SUM, "SELECT coalesce(sum(bbalance), 0) FROM public.pgbench_branches",
        "SELECT coalesce(sum(tbalance), 0) FROM public.pgbench_tellers",
        "SELECT coalesce(sum(delta), 0) FROM public.pgbench_history"};
    long[] before = new long[sums.length];
    for (int i = 0; i < sums.length; i++) {
      before[i] = i == 0 ? fx.sumOverNodes(sums[i]) : homeValue(sums[i]);
    }
    long historyBefore = homeValue("SELECT count(*) FROM public.pgbench_history");
    ClientProcess.Result r = pgbench(SHORT_RUN, "-b", "tpcb-like", "-M", mode);
    assertAllTransactionsDone(r, SHORT_RUN);
    long[] delta = new long[sums.length];
    for (int i = 0; i < sums.length; i++) {
      delta[i] = (i == 0 ? fx.sumOverNodes(sums[i]) : homeValue(sums[i])) - before[i];
    }
    assertEquals(CLIENTS * SHORT_RUN, homeValue("SELECT count(*) FROM public.pgbench_history") - historyBefore,
        "one history row per transaction\n" + r.transcript());
    assertEquals(delta[3], delta[0], "sum(abalance) moved by sum(delta)");
    assertEquals(delta[3], delta[1], "sum(bbalance) moved by sum(delta)");
    assertEquals(delta[3], delta[2], "sum(tbalance) moved by sum(delta)");
    assertEquals(0, fx.sumOverNodes("SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"simple", "extended", "prepared"})
  void newConnectionForEveryTransaction(String mode) {
    ClientProcess.Result r = pgbench(SHORT_RUN, "-S", "-C", "-M", mode);
    assertAllTransactionsDone(r, SHORT_RUN);
  }

  /** A number from the home node n1, which alone holds the unsharded tables. */
  private long homeValue(String sql) throws Exception {
    try (Connection c = fx.direct(0); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private ClientProcess.Result pgbench(String... args) {
    return pgbench(TRANSACTIONS, args);
  }

  private ClientProcess.Result pgbench(int transactions, String... args) {
    List<String> cmd = new ArrayList<>(List.of(pgbench.toString(), "-n", "-c", Integer.toString(CLIENTS), "-j", "2",
        "-t", Integer.toString(transactions)));
    cmd.addAll(List.of(args));
    cmd.addAll(fx.libpqArgs());
    cmd.add(fx.database);
    return ClientProcess.run(cmd, null, null, Map.of("PGCONNECT_TIMEOUT", "10"), Duration.ofSeconds(60));
  }

  private static Path script(String text) throws Exception {
    Path file = Files.createTempFile("pgbench-script", ".sql");
    file.toFile().deleteOnExit();
    Files.writeString(file, text);
    return file;
  }

  private static void assertAllTransactionsDone(ClientProcess.Result r) {
    assertAllTransactionsDone(r, TRANSACTIONS);
  }

  private static void assertAllTransactionsDone(ClientProcess.Result r, int transactions) {
    assertEquals(0, r.exitCode(), r.transcript());
    Matcher processed = PROCESSED.matcher(r.stdout());
    assertTrue(processed.find(), r.transcript());
    assertEquals(CLIENTS * transactions, Integer.parseInt(processed.group(1)), r.transcript());
    assertEquals(CLIENTS * transactions, Integer.parseInt(processed.group(2)), r.transcript());
    assertTrue(r.stdout().contains("number of failed transactions: 0 "), r.transcript());
    assertTrue(!r.stderr().contains("ERROR") && !r.stderr().contains("aborted"), r.transcript());
  }
}
