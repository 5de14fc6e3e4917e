package io.shardgate.router.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardgate.router.tls.TestCertificates;
import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.PostgresNodes;
import io.shardgate.topology.Shard;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * node-postgres (npm {@code pg} 8, installed for the run) through the router: a pool of 5 running
 * parameterised statements concurrently, a named prepared statement bound with keys of every shard,
 * transactions on a pooled client, refused statements. The script (resources clients/node-postgres-check.js)
 * prints a JSON summary; each test asserts one part of it, then the rows are checked on the nodes.
 */
@PostgresNodes(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodePostgresIT {
  private static final long BASE = 7_300_000;
  private static final int ROWS = 50;
  private static final long ROLLED_BACK_ID = BASE + 1000;
  private static final long COMMITTED_ID = BASE + 1001;
  private static final long MULTI_ID = BASE + 1002;

  private static final long TLS_BASE = BASE + 5000;

  private Path workDir;
  private Path nodeBinary;
  private LocalCluster cluster;
  private RouterFixture fx;
  private ClientProcess.Result run;
  private JsonNode summary;

  @BeforeAll
  void start(LocalCluster cluster) throws Exception {
    Path node = ClientProcess.onPath("node").orElse(null);
    Path npm = ClientProcess.onPath("npm").orElse(null);
    assumeTrue(node != null && npm != null, "node and npm are not installed");
    nodeBinary = node;
    this.cluster = cluster;
    workDir = Files.createTempDirectory("shardgate-node-pg");
    ClientProcess.Result install = ClientProcess.run(List.of(npm.toString(), "install", "pg@8", "--no-audit", "--no-fund",
        "--prefix", workDir.toString()), workDir, null, Map.of(), Duration.ofSeconds(120));
    assumeTrue(install.exitCode() == 0 && Files.isDirectory(workDir.resolve("node_modules/pg")),
        () -> "npm could not install pg: " + install.transcript());
    Path script = workDir.resolve("node-postgres-check.js");
    try (InputStream in = NodePostgresIT.class.getResourceAsStream("/clients/node-postgres-check.js")) {
      assertNotNull(in, "script resource");
      Files.copy(in, script);
    }
    fx = RouterFixture.usersColo(cluster, "nodepg");
    run = ClientProcess.run(List.of(node.toString(), script.toString(), Integer.toString(fx.port), fx.database,
        Long.toString(BASE)), workDir, null, Map.of(), Duration.ofSeconds(60));
    String[] lines = run.stdout().strip().split("\n");
    if (run.exitCode() == 0 && lines[lines.length - 1].startsWith("{")) {
      summary = new ObjectMapper().readTree(lines[lines.length - 1]);
    }
  }

  /** The ssl script's JSON summary, against a router that requires TLS with a test certificate. */
  private JsonNode sslSummary() throws Exception {
    Path script = workDir.resolve("node-postgres-ssl.js");
    try (InputStream in = NodePostgresIT.class.getResourceAsStream("/clients/node-postgres-ssl.js")) {
      assertNotNull(in, "script resource");
      Files.copy(in, script);
    }
    TestCertificates cert = TestCertificates.selfSigned(workDir, "router", "dns:localhost,ip:127.0.0.1");
    try (RouterFixture tls = RouterFixture.usersColo(cluster, "nodepgssl",
        "tls:\n  mode: required\n  cert: " + cert.cert() + "\n  key: " + cert.key() + "\n")) {
      ClientProcess.Result result = ClientProcess.run(List.of(nodeBinary.toString(), script.toString(),
          Integer.toString(tls.port), tls.database, cert.cert().toString(), Long.toString(TLS_BASE)), workDir, null,
          Map.of(), Duration.ofSeconds(60));
      String[] lines = result.stdout().strip().split("\n");
      assertEquals(0, result.exitCode(), result.transcript());
      assertTrue(lines[lines.length - 1].startsWith("{"), result.transcript());
      var summary = (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(lines[lines.length - 1]);
      summary.put("rowsOnNodes", tls.sumOverNodes("SELECT count(*) FROM public.users WHERE id BETWEEN " + TLS_BASE
          + " AND " + (TLS_BASE + 11)));
      return summary;
    }
  }

  @Test
  void sslWithAndWithoutCertificateVerification() throws Exception {
    JsonNode ssl = sslSummary();
    assertEquals("{\"encrypted\":true,\"result\":1}", ssl.get("noVerification").toString(), ssl.toString());
    assertEquals("{\"encrypted\":true,\"result\":[\"free\",\"team\"]}", ssl.get("verifiedWithTestCa").toString(),
        "rejectUnauthorized with the test CA: " + ssl);
    JsonNode unverified = ssl.get("verificationWithoutTheCaFails").get("failed");
    assertNotNull(unverified, "rejectUnauthorized without the CA must fail: " + ssl);
    assertTrue(unverified.get("message").asText().contains("self-signed certificate")
        || "DEPTH_ZERO_SELF_SIGNED_CERT".equals(unverified.get("code").asText()), unverified.toString());
    JsonNode plain = ssl.get("plainTextRefused").get("failed");
    assertNotNull(plain, "plain text must be refused: " + ssl);
    assertEquals("28000", plain.get("code").asText(), plain.toString());
    JsonNode pooled = ssl.get("poolOverTls");
    assertEquals(12, pooled.size(), ssl.toString());
    for (int i = 0; i < 12; i++) {
      assertEquals("tls " + (TLS_BASE + i), pooled.get(i).asText());
    }
    assertEquals(12, ssl.get("rowsOnNodes").asLong(), "every row stored once on the nodes");
  }

  @AfterAll
  void stop() throws Exception {
    if (fx != null) {
      fx.close();
    }
    if (workDir != null) {
      try (Stream<Path> files = Files.walk(workDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** One section of the script's summary; fails when the script or that section failed. */
  private JsonNode section(String name) {
    assertNotNull(summary, "the node script ran and printed its JSON summary\n" + run.transcript());
    JsonNode part = summary.get(name);
    assertNotNull(part, "section " + name + " in " + summary);
    assertFalse(part.has("failed"), "section " + name + " failed: " + part + "\n" + run.transcript());
    return part;
  }

  @Test
  void concurrentParameterisedInsertsAndSelectsOverAPool() {
    JsonNode inserts = section("inserts");
    JsonNode selects = section("selects");
    assertEquals(ROWS, inserts.size());
    assertEquals(ROWS, selects.size());
    for (int i = 0; i < ROWS; i++) {
      assertEquals("INSERT 1", inserts.get(i).asText(), "insert " + i);
      assertEquals("[\"node " + (BASE + i) + "\"]", selects.get(i).toString(), "select " + i);
    }
  }

  @Test
  void namedPreparedStatementIsBoundWithKeysOfEveryShard() {
    JsonNode concurrent = section("namedConcurrent");
    assertEquals(ROWS, concurrent.size());
    for (int i = 0; i < ROWS; i++) {
      JsonNode rows = concurrent.get(i);
      assertEquals(1, rows.size(), "rows for id " + (BASE + i) + ": " + rows);
      assertEquals(Long.toString(BASE + i), rows.get(0).get("id").asText(), "bigint comes back as text");
      assertEquals("node " + (BASE + i), rows.get(0).get("name").asText());
    }
    JsonNode oneConnection = section("namedOneConnection");
    assertEquals(16, oneConnection.size(), oneConnection.toString());
    Set<Integer> shards = new HashSet<>();
    for (int i = 0; i < 16; i++) {
      assertEquals(Long.toString(BASE + i), oneConnection.get(i).get("id").asText());
      shards.add(fx.shardOf("users", Long.toString(BASE + i)).number());
    }
    assertTrue(shards.size() > 2, "the ids cover several shards: " + shards);
  }

  @Test
  void transactionOnAPooledClientRollsBack() {
    JsonNode tx = section("rolledBack");
    assertEquals("BEGIN", tx.get("begin").asText());
    assertEquals(1, tx.get("insert").asInt());
    assertEquals("[\"rolled back\"]", tx.get("inside").toString(), "the transaction sees its own row");
    assertEquals("ROLLBACK", tx.get("rollback").asText());
    assertEquals(0, tx.get("countAfter").asInt());
  }

  @Test
  void transactionOverTwoTablesOfOneShardCommits() {
    JsonNode tx = section("committed");
    assertEquals("COMMIT", tx.get("commit").asText());
    assertEquals(2, tx.get("orders").asInt());
    assertEquals("3.75", tx.get("total").asText());
  }

  @Test
  void statementWithoutShardKeyIsRefusedWith0A000() {
    JsonNode refused = section("refused");
    assertEquals("0A000", refused.get("code").asText(), refused.toString());
    assertTrue(refused.get("message").asText().contains("\"users\""), refused.toString());
    JsonNode after = section("sameConnectionAfterError");
    assertEquals("0A000", after.get("code").asText(), after.toString());
    assertEquals("node " + BASE, after.get("name").asText(), "the connection goes on after the error");
  }

  @Test
  void refusalInsideATransactionAbortsItUntilRollback() {
    JsonNode tx = section("errorInTransaction");
    assertEquals("[\"0A000\",\"25P02\"]", tx.get("codes").toString());
    assertEquals("ROLLBACK", tx.get("rollback").asText());
    assertEquals("[\"node " + (BASE + 1) + "\"]", tx.get("after").toString());
  }

  @Test
  void queryWithoutParametersUsesTheSimpleProtocolOnTheHomeNode() {
    assertEquals("[\"free\",\"team\"]", section("simpleProtocol").toString());
  }

  @Test
  void severalStatementsInOneSimpleQueryEachGetTheirResult() {
    assertEquals("[{\"command\":\"INSERT\",\"rows\":[]},{\"command\":\"SELECT\",\"rows\":[{\"name\":\"multi\"}]},"
        + "{\"command\":\"SELECT\",\"rows\":[{\"n\":2}]}]", section("multiStatementSimpleQuery").toString());
  }

  @Test
  void startupParametersHoldOnTheShards() {
    JsonNode settings = section("startupParameters");
    assertEquals("[{\"app\":\"node-check\",\"timeout\":\"1s\"}]", settings.get("rows").toString());
    assertEquals("57014", settings.get("sleepCode").asText(), "statement_timeout cancels the sleep on the shard: " + settings);
  }

  @Test
  void rowArraysKeepTypesParsedFromTheShardsReply() {
    JsonNode types = section("rowArraysAndTypes");
    long id = BASE + 4;
    assertEquals("[[\"" + id + "\",\"node " + id + "\",42,true,\"1.50\"]]", types.get("rows").toString());
    assertEquals("[\"string\",\"string\",\"number\",\"boolean\",\"string\"]", types.get("types").toString());
    assertEquals("[\"id\",\"name\",\"nxt\",\"flag\",\"num\"]", types.get("fields").toString());
  }

  @Test
  void nodesHoldEachRowOnceOnItsShardAndNotTheRolledBackOne() throws Exception {
    section("inserts");
    section("committed");
    section("rolledBack");
    Map<Long, Integer> copies = new HashMap<>();
    Map<Long, String> nodeOf = new HashMap<>();
    for (int n = 0; n < fx.nodeCount(); n++) {
      try (Connection c = fx.direct(n); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT id, name FROM public.users WHERE id BETWEEN " + BASE + " AND "
               + (BASE + 2000))) {
        while (rs.next()) {
          copies.merge(rs.getLong(1), 1, Integer::sum);
          nodeOf.put(rs.getLong(1), fx.topology.nodes().get(n).name());
        }
      }
    }
    for (long id = BASE; id < BASE + ROWS; id++) {
      assertEquals(1, copies.get(id), "row " + id + " stored exactly once");
      Shard shard = fx.shardOf("users", Long.toString(id));
      assertEquals(shard.node(), nodeOf.get(id), "row " + id + " on the node of " + shard);
    }
    assertEquals(null, copies.get(ROLLED_BACK_ID), "the rolled-back row is nowhere");
    assertEquals(1, copies.get(COMMITTED_ID));
    assertEquals(1, copies.get(MULTI_ID));
    assertEquals(ROWS + 2, copies.size(), copies.toString());
    assertEquals(2, fx.sumOverNodes("SELECT count(*) FROM public.orders WHERE user_id = " + COMMITTED_ID));
  }
}
