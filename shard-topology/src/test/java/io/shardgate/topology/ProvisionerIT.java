package io.shardgate.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.LocalPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Provisioning shard schemas on two real nodes, and PostgreSQL enforcing the shard ranges through the views. */
@io.shardgate.localpg.PostgresNodes(2)
class ProvisionerIT {
  private static final String TABLES = """
      CREATE TABLE users(id bigint PRIMARY KEY, name text);
      CREATE TABLE orders(id bigserial, user_id bigint, total numeric);
      CREATE TABLE countries(code text PRIMARY KEY);
      CREATE TABLE tags(name text PRIMARY KEY, n int);
      INSERT INTO countries VALUES ('de'), ('fr'), ('jp');
      """;

  @Test
  void schemasAndViewsExistExactlyWherePlacementSays(LocalCluster cluster) throws Exception {
    Fixture f = new Fixture(cluster);
    ProvisionReport report = new Provisioner(f.topology).provision();
    for (int i = 0; i < 2; i++) {
      String node = "n" + (i + 1);
      Set<String> expectedSchemas = new TreeSet<>();
      Set<String> expectedViews = new TreeSet<>();
      for (Shard shard : f.topology.shardsOn(node)) {
        expectedSchemas.add(shard.schemaName());
        ShardSchemaDdl.views(f.topology, shard).forEach(v -> expectedViews.add(v.toString()));
      }
      assertEquals(8, expectedSchemas.size());
      assertEquals(expectedSchemas, f.strings(i, "SELECT nspname FROM pg_namespace WHERE nspname ~ '^(users|tags)_[0-9]{4}$'"));
      assertEquals(expectedViews, f.strings(i, "SELECT schemaname || '.' || viewname FROM pg_views WHERE schemaname ~ '^(users|tags)_'"));
      assertEquals(expectedSchemas.size() + expectedViews.size(), report.actions(node).size(), report.toString());
      assertTrue(report.actions(node).contains("created schema " + expectedSchemas.iterator().next()), report.toString());
    }
  }

  @Test
  void viewsPartitionTheRowsAsPgHashSays(LocalCluster cluster) throws Exception {
    Fixture f = new Fixture(cluster);
    new Provisioner(f.topology).provision();
    Random random = new Random(7);
    Set<Long> ids = new LinkedHashSet<>(List.of(0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE));
    while (ids.size() < 2_000) {
      ids.add(random.nextBoolean() ? random.nextLong() : random.nextInt(1_000_000));
    }
    Set<String> names = new LinkedHashSet<>(List.of("", "a", "ü", "🎉"));
    while (names.size() < 2_000) {
      names.add(PgHashIT.randomString(random, random.nextInt(30)));
    }
    for (int i = 0; i < 2; i++) {
      f.update(i, "INSERT INTO users SELECT x, 'user ' || x FROM unnest(?::bigint[]) x", ids.toArray());
      f.update(i, "INSERT INTO orders(user_id, total) SELECT x, 1 FROM unnest(?::bigint[]) x", ids.toArray());
      f.update(i, "INSERT INTO tags SELECT x, 1 FROM unnest(?::text[]) x", names.toArray());
    }
    Colo users = f.topology.colo("users").orElseThrow();
    Colo tags = f.topology.colo("tags").orElseThrow();
    assertPartitioned(f, users, "users", "id", ids.stream().map(String::valueOf).toList(), v -> PgHash.hashInt8(Long.parseLong(v)));
    assertPartitioned(f, users, "orders", "user_id", ids.stream().map(String::valueOf).toList(), v -> PgHash.hashInt8(Long.parseLong(v)));
    assertPartitioned(f, tags, "tags", "name", List.copyOf(names), PgHash::hashText);
  }

  /** Every value shows in exactly one of the colo's views across both nodes: the one Topology.shardForHash names. */
  private static void assertPartitioned(Fixture f, Colo colo, String table, String key, List<String> values,
      java.util.function.ToLongFunction<String> hash) throws SQLException {
    Map<String, List<String>> seen = new HashMap<>();
    for (Shard shard : colo.shards()) {
      int node = shard.node().equals("n1") ? 0 : 1;
      for (String v : f.strings(node, "SELECT " + key + "::text FROM " + shard.schemaName() + "." + table)) {
        seen.computeIfAbsent(v, x -> new ArrayList<>()).add(shard.schemaName());
      }
    }
    assertEquals(new HashSet<>(values), seen.keySet(), table + ": every row is visible through some view");
    for (String v : values) {
      String expected = f.topology.shardForHash(colo, hash.applyAsLong(v)).schemaName();
      assertEquals(List.of(expected), seen.get(v), table + " row " + v);
    }
  }

  @Test
  void writesToTheWrongShardFailWithCheckOptionViolation(LocalCluster cluster) throws Exception {
    Fixture f = new Fixture(cluster);
    new Provisioner(f.topology).provision();
    Colo users = f.topology.colo("users").orElseThrow();
    String inShard1 = firstValueIn(users, users.shards().get(1), Long::toString);
    SQLException wrong = assertThrows(SQLException.class, () -> f.execute(0, "INSERT INTO users_0000.users VALUES (" + inShard1 + ", 'x')"));
    assertEquals("44000", wrong.getSQLState(), wrong.getMessage());
    f.execute(0, "INSERT INTO users_0001.users VALUES (" + inShard1 + ", 'right shard')");
    SQLException moved = assertThrows(SQLException.class,
        () -> f.execute(0, "UPDATE users_0001.users SET id = " + firstValueIn(users, users.shards().get(2), Long::toString)
            + " WHERE id = " + inShard1));
    assertEquals("44000", moved.getSQLState(), moved.getMessage());

    Colo tags = f.topology.colo("tags").orElseThrow();
    Shard tagShard = tags.shards().get(3);
    int node = tagShard.node().equals("n1") ? 0 : 1;
    f.execute(node, "INSERT INTO " + tagShard.schemaName() + ".tags VALUES ('" + firstValueIn(tags, tagShard, i -> "tag" + i) + "', 1)");
    Shard sameNode = tags.shards().get(5);
    SQLException text = assertThrows(SQLException.class, () -> f.execute(node,
        "INSERT INTO " + tagShard.schemaName() + ".tags VALUES ('" + firstValueIn(tags, sameNode, i -> "tag" + i) + "', 1)"));
    assertEquals("44000", text.getSQLState(), text.getMessage());
  }

  /** The first of value(0), value(1)... that belongs to {@code shard}. */
  private static String firstValueIn(Colo colo, Shard shard, java.util.function.LongFunction<String> value) {
    for (long i = 0; ; i++) {
      if (colo.shardForValue(value.apply(i)).equals(shard)) {
        return value.apply(i);
      }
    }
  }

  @Test
  void secondRunChangesNothingAndANewTableGetsJustItsViews(LocalCluster cluster) throws Exception {
    Fixture f = new Fixture(cluster);
    assertFalse(new Provisioner(f.topology).provision().changedNothing());
    ProvisionReport again = new Provisioner(f.topology).provision();
    assertTrue(again.changedNothing(), again.toString());

    for (int i = 0; i < 2; i++) {
      f.execute(i, "CREATE TABLE payments(id bigserial, user_id bigint, amount numeric)");
    }
    Colo users = f.topology.colo("users").orElseThrow();
    Map<String, String> tables = new java.util.LinkedHashMap<>(users.tableToKeyColumn());
    tables.put("payments", "user_id");
    Topology next = f.topology.withColo(new Colo("users", users.keyType(), tables, users.shards()));
    ProvisionReport added = new Provisioner(next).provision();
    assertEquals(List.of("created view users_0000.payments", "created view users_0001.payments",
        "created view users_0002.payments", "created view users_0003.payments"), added.actions("n1"));
    assertEquals(List.of("created view users_0004.payments", "created view users_0005.payments",
        "created view users_0006.payments", "created view users_0007.payments"), added.actions("n2"));
    assertTrue(new Provisioner(next).provision().changedNothing());
  }

  @Test
  void missingBaseTableIsNamedWithItsNodeAndNothingIsLeftHalfDone(LocalCluster cluster) throws Exception {
    Fixture f = new Fixture(cluster);
    f.execute(0, "CREATE TABLE halfway(user_id bigint)");
    Colo users = f.topology.colo("users").orElseThrow();
    Map<String, String> tables = new java.util.LinkedHashMap<>(users.tableToKeyColumn());
    tables.put("halfway", "user_id");
    Topology next = f.topology.withColo(new Colo("users", users.keyType(), tables, users.shards()));
    TopologyException e = assertThrows(TopologyException.class, () -> new Provisioner(next).provision());
    assertTrue(e.getMessage().contains("node n2") && e.getMessage().contains("public.halfway") && e.getMessage().contains("does not exist"),
        e.getMessage());
    assertEquals(Set.of(), f.strings(1, "SELECT nspname FROM pg_namespace WHERE nspname ~ '^(users|tags)_'"),
        "n2 rolled back");

    Map<String, String> wrongKey = new java.util.LinkedHashMap<>(users.tableToKeyColumn());
    wrongKey.put("orders", "customer_id");
    TopologyException noColumn = assertThrows(TopologyException.class,
        () -> new Provisioner(f.topology.withColo(new Colo("users", users.keyType(), wrongKey, users.shards()))).provision());
    assertTrue(noColumn.getMessage().contains("node n1") && noColumn.getMessage().contains("public.orders has no column customer_id"),
        noColumn.getMessage());

    Colo textKeyed = new Colo("users", KeyType.TEXT, users.tableToKeyColumn(), users.shards());
    TopologyException wrongType = assertThrows(TopologyException.class, () -> new Provisioner(f.topology.withColo(textKeyed)).provision());
    assertTrue(wrongType.getMessage().contains("public.users.id is bigint but colo users has key type text"), wrongType.getMessage());
  }

  @Test
  void recreateViewsPicksUpNewColumnsAndDropViewsAllowsDropColumn(LocalCluster cluster) throws Exception {
    Fixture f = new Fixture(cluster);
    Provisioner provisioner = new Provisioner(f.topology);
    provisioner.provision();
    for (int i = 0; i < 2; i++) {
      f.execute(i, "ALTER TABLE users ADD COLUMN email text");
    }
    assertEquals(Set.of("id", "name"), f.columns(0, "users_0000", "users"));
    ProvisionReport recreated = provisioner.recreateViews("Users");
    assertEquals(List.of("recreated view users_0004.users", "recreated view users_0005.users",
        "recreated view users_0006.users", "recreated view users_0007.users"), recreated.actions("n2"));
    assertEquals(Set.of("id", "name", "email"), f.columns(0, "users_0000", "users"));
    assertEquals(Set.of("id", "name", "email"), f.columns(1, "users_0007", "users"));

    SQLException blocked = assertThrows(SQLException.class, () -> f.execute(0, "ALTER TABLE users DROP COLUMN email"));
    assertEquals("2BP01", blocked.getSQLState(), "the views depend on the column");
    ProvisionReport dropped = provisioner.dropViews("users");
    assertEquals(8, dropped.changeCount(), dropped.toString());
    assertTrue(provisioner.dropViews("users").changedNothing(), "views already gone are skipped");
    for (int i = 0; i < 2; i++) {
      f.execute(i, "ALTER TABLE users DROP COLUMN email");
    }
    ProvisionReport back = provisioner.provision();
    assertEquals(8, back.changeCount(), back.toString());
    assertEquals(Set.of("id", "name"), f.columns(1, "users_0005", "users"));

    ProvisionReport countries = provisioner.recreateViews("countries");
    assertEquals(8, countries.actions("n1").size(), "one reference view per shard schema on n1");
    assertThrows(TopologyException.class, () -> provisioner.recreateViews("nowhere"));
  }

  @Test
  void shardSearchPathSeesTheShardsRowsAndTheReferenceTables(LocalCluster cluster) throws Exception {
    Fixture f = new Fixture(cluster);
    new Provisioner(f.topology).provision();
    f.execute(0, "INSERT INTO users SELECT g, (ARRAY['de','fr','jp','us'])[1 + g % 4] FROM generate_series(1, 500) g");
    Colo users = f.topology.colo("users").orElseThrow();
    Shard shard = users.shards().get(2);
    long expected = 0;
    long expectedJoined = 0;
    for (long id = 1; id <= 500; id++) {
      if (users.shardForHash(PgHash.hashInt8(id)) == shard) {
        expected++;
        expectedJoined += id % 4 == 3 ? 0 : 1;
      }
    }
    Properties props = new Properties();
    props.setProperty("options", "-c search_path=" + shard.schemaName());
    try (Connection c = DriverManager.getConnection(cluster.node(0).jdbcUrl(f.db), props); Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM users), "
          + "(SELECT count(*) FROM users u JOIN countries c ON c.code = u.name)");
      rs.next();
      assertEquals(expected, rs.getLong(1));
      assertEquals(expectedJoined, rs.getLong(2));
    }
  }

  /** A fresh database on both nodes with the test tables, and a topology over it. */
  private static final class Fixture {
    final LocalCluster cluster;
    final String db;
    final Topology topology;

    Fixture(LocalCluster cluster) {
      this.cluster = cluster;
      this.db = cluster.createDatabase("prov");
      for (LocalPostgres node : cluster.nodes()) {
        LocalCluster.execute(node, db, TABLES);
      }
      this.topology = TopologyLoader.parse("""
          nodes:
            - {name: n1, url: "%s"}
            - {name: n2, url: "%s"}
          home: n1
          colos:
            - name: users
              key_type: bigint
              tables: {users: id, orders: user_id}
              shards: 8
              placement: [n1, n1, n1, n1, n2, n2, n2, n2]
            - name: tags
              key_type: text
              tables: {tags: name}
              shards: 8
              placement: [n1, n2, n1, n2, n1, n2, n1, n2]
          reference_tables: [countries]
          """.formatted(cluster.node(0).url(db), cluster.node(1).url(db)));
    }

    Connection connect(int node) throws SQLException {
      return DriverManager.getConnection(cluster.node(node).jdbcUrl(db));
    }

    void execute(int node, String sql) throws SQLException {
      try (Connection c = connect(node); Statement s = c.createStatement()) {
        s.execute(sql);
      }
    }

    void update(int node, String sql, Object[] array) throws SQLException {
      try (Connection c = connect(node); PreparedStatement s = c.prepareStatement(sql)) {
        s.setArray(1, c.createArrayOf(array[0] instanceof Long ? "int8" : "text", array));
        s.executeUpdate();
      }
    }

    Set<String> strings(int node, String sql) throws SQLException {
      List<String> out = list(node, sql);
      Set<String> set = new TreeSet<>(out);
      assertEquals(out.size(), set.size(), "no duplicates in " + sql);
      return set;
    }

    List<String> list(int node, String sql) throws SQLException {
      try (Connection c = connect(node); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
          out.add(rs.getString(1));
        }
        return out;
      }
    }

    Set<String> columns(int node, String schema, String view) throws SQLException {
      return list(node, "SELECT column_name FROM information_schema.columns WHERE table_schema = '" + schema
          + "' AND table_name = '" + view + "'").stream().collect(Collectors.toSet());
    }
  }
}
