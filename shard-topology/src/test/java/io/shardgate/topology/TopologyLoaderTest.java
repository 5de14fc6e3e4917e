package io.shardgate.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyLoaderTest {
  private static final String EXAMPLE = """
      listen: 127.0.0.1:6432
      nodes:
        - name: n1
          url: postgresql://postgres@127.0.0.1:55432/app
        - name: n2
          url: postgresql://postgres@127.0.0.1:55433/app
      home: n1
      colos:
        - name: users
          key_type: bigint
          tables: {users: id, orders: user_id}
          shards: 8
          placement: [n1, n1, n1, n1, n2, n2, n2, n2]
      reference_tables: [countries]
      """;

  @Test
  void readsTheDocumentedFormat() {
    Topology t = TopologyLoader.parse(EXAMPLE);
    assertEquals(1, t.version());
    assertEquals("127.0.0.1:6432", t.listen());
    assertEquals(List.of("n1", "n2"), t.nodes().stream().map(Node::name).toList());
    assertEquals(new Node("n2", "127.0.0.1", 55433, "app", "postgres", null), t.node("n2"));
    assertEquals("n1", t.homeNode().name());
    Colo users = t.colo("users").orElseThrow();
    assertEquals(KeyType.BIGINT, users.keyType());
    assertEquals(List.of("users", "orders"), List.copyOf(users.tableToKeyColumn().keySet()));
    assertEquals("user_id", users.keyColumn("orders").orElseThrow());
    assertEquals(8, users.shards().size());
    assertEquals(List.of("n1", "n1", "n1", "n1", "n2", "n2", "n2", "n2"), users.shards().stream().map(Shard::node).toList());
    assertEquals(KeyRange.split(8), users.shards().stream().map(Shard::range).toList());
    assertEquals(List.of("countries"), t.referenceTables());
    assertTrue(t.isReferenceTable("countries"));
  }

  @Test
  void optionalKeysHaveDefaults() {
    Topology t = TopologyLoader.parse("""
        version: 7
        nodes:
          - {name: a, url: "postgres://u@h1/db"}
          - {name: b, url: "postgres://u@h2/db"}
        home: a
        colos:
          - {name: files, key_type: UUID, tables: {files: owner}, shards: 3}
        unsharded_tables: [Settings]
        """);
    assertEquals(7, t.version());
    assertEquals(TopologyLoader.DEFAULT_LISTEN, t.listen());
    assertEquals(List.of("a", "a", "b"), t.colo("files").orElseThrow().shards().stream().map(Shard::node).toList());
    assertEquals(List.of(), t.referenceTables());
    assertEquals(List.of("settings"), t.unshardedTables());
  }

  @Test
  void loadsAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("topology.yaml");
    Files.writeString(file, EXAMPLE);
    assertEquals(TopologyLoader.parse(EXAMPLE), TopologyLoader.load(file));
    TopologyException e = assertThrows(TopologyException.class, () -> TopologyLoader.load(dir.resolve("missing.yaml")));
    assertTrue(e.getMessage().contains("missing.yaml"), e.getMessage());
  }

  @Test
  void unknownNodeInPlacement() {
    assertError(EXAMPLE.replace("n2, n2, n2, n2]", "n2, n2, n2, n3]"), "colo users", "unknown node n3");
  }

  @Test
  void unknownHomeNode() {
    assertError(EXAMPLE.replace("home: n1", "home: n5"), "home node n5");
  }

  @Test
  void placementCountDiffersFromShards() {
    assertError(EXAMPLE.replace("shards: 8", "shards: 9"), "colo users", "placement lists 8 nodes", "shards is 9");
  }

  @Test
  void tableInTwoColos() {
    assertError(EXAMPLE.replace("reference_tables:", """
          - name: billing
            key_type: int8
            tables: {invoices: account_id, orders: account_id}
            shards: 2
        reference_tables:"""), "table orders", "colo users", "colo billing");
  }

  @Test
  void tableInAColoAndInReferenceTables() {
    assertError(EXAMPLE.replace("[countries]", "[countries, Orders]"), "table orders", "colo users", "reference_tables");
  }

  @Test
  void unknownKeyType() {
    assertError(EXAMPLE.replace("key_type: bigint", "key_type: bigserial"), "colo users", "'bigserial'", "allowed are", "uuid");
  }

  @Test
  void duplicateNodeName() {
    assertError(EXAMPLE.replace("- name: n2", "- name: n1"), "duplicate node name n1");
  }

  @Test
  void duplicateColoName() {
    assertError(EXAMPLE.replace("reference_tables:", """
          - name: users
            key_type: int8
            tables: {invoices: account_id}
            shards: 2
        reference_tables:"""), "duplicate colo name users");
  }

  @Test
  void shardsBelowOne() {
    assertError(EXAMPLE.replace("shards: 8", "shards: 0").replace("placement: [n1, n1, n1, n1, n2, n2, n2, n2]", ""),
        "colo users", "shards must be between 1 and");
    assertError(EXAMPLE.replace("shards: 8", "shards: eight"), "colo users", "'shards' must be a whole number");
  }

  @Test
  void missingRequiredKeys() {
    assertError(EXAMPLE.replace("home: n1\n", ""), "missing required key 'home'");
    assertError(EXAMPLE.replaceFirst("nodes:(?s).*home:", "home:"), "missing required key 'nodes'");
    assertError(EXAMPLE.replace("    url: postgresql://postgres@127.0.0.1:55433/app\n", ""), "node n2", "missing required key 'url'");
    assertError(EXAMPLE.replace("    key_type: bigint\n", ""), "colo users", "missing required key 'key_type'");
    assertError(EXAMPLE.replace("    tables: {users: id, orders: user_id}\n", ""), "colo users", "missing required key 'tables'");
    assertError(EXAMPLE.replace("  - name: users\n", "  - key_type_: x\n"), "colos[0]", "missing required key 'name'");
  }

  @Test
  void unknownKeysAreNamed() {
    assertError(EXAMPLE + "refrence_tables: [x]\nlisten_port: 1\n", "unknown keys listen_port, refrence_tables", "allowed:");
    assertError(EXAMPLE.replace("    shards: 8", "    shard: 8\n    shards: 8"), "colo users", "unknown key shard ");
    assertError(EXAMPLE.replace("    url: postgresql://postgres@127.0.0.1:55432/app", "    url: postgresql://postgres@127.0.0.1:55432/app\n    ur1: x"),
        "node n1", "unknown key ur1");
  }

  @Test
  void malformedDocuments() {
    assertError("", "empty");
    assertError("- a\n- b\n", "must be a mapping");
    assertError("nodes: [\n", "not valid YAML");
    assertError(EXAMPLE + "home: n2\n", "not valid YAML", "home");
    assertError(EXAMPLE.replace("tables: {users: id, orders: user_id}", "tables: [users, orders]"), "colo users", "'tables' must be a non-empty mapping");
    assertError(EXAMPLE.replace("url: postgresql://postgres@127.0.0.1:55433/app", "url: localhost:55433"), "node n2", "bad url");
  }

  @Test
  void routerSectionsPassThroughUntouched() {
    String withRouterSections = EXAMPLE + """
        auth:
          method: scram-sha-256
          users: [{name: app, password: s3cret}]
        tls: {mode: disabled, anything: [goes, here]}
        pool: {size: 10}
        limits: 5
        """;
    assertEquals(TopologyLoader.parse(EXAMPLE), TopologyLoader.parse(withRouterSections));
    assertError(EXAMPLE + "authentication: {}\n", "unknown key authentication", "auth, colos");
  }

  private static void assertError(String yaml, String... fragments) {
    TopologyException e = assertThrows(TopologyException.class, () -> TopologyLoader.parse(yaml));
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should contain '" + fragment + "'");
    }
    assertEquals(TopologyException.CONFIG_ERROR, e.sqlState());
  }
}
