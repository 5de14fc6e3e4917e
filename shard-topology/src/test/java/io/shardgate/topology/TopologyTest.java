package io.shardgate.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopologyTest {
  private static final List<Node> NODES = List.of(Node.parse("n1", "postgresql://u@h1/app"), Node.parse("n2", "postgresql://u@h2/app"));

  private static Topology topology() {
    Map<String, String> tables = new LinkedHashMap<>();
    tables.put("Users", "ID");
    tables.put("orders", "user_id");
    Colo users = Colo.evenlySplit("users", KeyType.BIGINT, tables, Placement.contiguousBlocks(8, List.of("n1", "n2")));
    Colo tags = Colo.evenlySplit("tags", KeyType.TEXT, Map.of("tags", "name"), List.of("n2", "n1", "n2"));
    return new Topology(3, "127.0.0.1:6432", NODES, "n1", List.of(users, tags), List.of("Countries"), List.of("settings"));
  }

  @Test
  void schemaNamesArePaddedToFourDigits() {
    assertEquals("users_0003", new Shard("users", 3, KeyRange.all(), "n1").schemaName());
    assertEquals("users_0000", Shard.schemaName("users", 0));
    assertEquals("users_0042", Shard.schemaName("users", 42));
    assertEquals("users_1000", Shard.schemaName("users", 1000));
    assertEquals("users_12345", Shard.schemaName("users", 12345));
  }

  @Test
  void tablesAreFoundWhateverTheirCase() {
    Topology t = topology();
    assertEquals("users", t.coloOfTable("USERS").orElseThrow().name());
    assertEquals("users", t.coloOfTable("orders").orElseThrow().name());
    assertEquals("tags", t.coloOfTable("Tags").orElseThrow().name());
    assertTrue(t.coloOfTable("countries").isEmpty());
    assertTrue(t.isReferenceTable("COUNTRIES"));
    assertFalse(t.isReferenceTable("users"));
    assertEquals("id", t.colo("users").orElseThrow().keyColumn("users").orElseThrow());
    assertEquals(List.of("users", "orders"), List.copyOf(t.colo("users").orElseThrow().tableToKeyColumn().keySet()));
    assertEquals(List.of("settings"), t.unshardedTables());
  }

  @Test
  void nodesAndPlacement() {
    Topology t = topology();
    assertEquals("h1", t.homeNode().host());
    assertEquals("h2", t.node("n2").host());
    assertThrows(TopologyException.class, () -> t.node("n9"));
    List<Shard> onN1 = t.shardsOn("n1");
    assertEquals(List.of("users_0000", "users_0001", "users_0002", "users_0003", "tags_0001"),
        onN1.stream().map(Shard::schemaName).toList());
    assertEquals(4, t.shardsOn("n2").stream().filter(s -> s.colo().equals("users")).count());
  }

  @Test
  void shardForHashAgreesWithALinearScan() {
    Topology t = topology();
    Colo users = t.colo("users").orElseThrow();
    Random random = new Random(1);
    long[] edges = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1};
    for (int i = 0; i < 20_000; i++) {
      long h = i < edges.length ? edges[i] : i % 2 == 0 ? random.nextLong() : users.shards().get(random.nextInt(8)).range().lo() - random.nextInt(2);
      Shard expected = users.shards().stream().filter(s -> s.range().contains(h)).findFirst().orElseThrow();
      assertEquals(expected, t.shardForHash(users, h), "hash " + h);
    }
    assertEquals(0, t.shardForHash(users, Long.MIN_VALUE).number());
    assertEquals(7, t.shardForHash(users, Long.MAX_VALUE).number());
  }

  @Test
  void shardForValueHashesTheText() {
    Topology t = topology();
    Colo users = t.colo("users").orElseThrow();
    assertEquals(t.shardForHash(users, PgHash.hashInt8(42)), t.shardForValue(users, " 42"));
    Colo tags = t.colo("tags").orElseThrow();
    assertEquals(t.shardForHash(tags, PgHash.hashText("rust")), t.shardForValue(tags, "rust"));
  }

  @Test
  void invalidModelsAreRefused() {
    Colo users = Colo.evenlySplit("users", KeyType.BIGINT, Map.of("users", "id"), List.of("n1", "n9"));
    assertTrue(assertThrows(TopologyException.class, () -> new Topology(1, "x", NODES, "n1", List.of(users), List.of()))
        .getMessage().contains("unknown node n9"));
    assertThrows(TopologyException.class, () -> new Topology(1, "x", List.of(), "n1", List.of(), List.of()));
    assertTrue(assertThrows(TopologyException.class, () -> new Colo("users", KeyType.BIGINT, Map.of("users", "id"),
        List.of(new Shard("users", 0, KeyRange.of(Long.MIN_VALUE, 0), "n1"), new Shard("users", 1, KeyRange.from(1), "n1"))))
        .getMessage().contains("without gaps"));
    assertThrows(TopologyException.class, () -> new Colo("users", KeyType.BIGINT, Map.of("users", "id"),
        List.of(new Shard("users", 0, KeyRange.of(Long.MIN_VALUE, 0), "n1"))));
    assertThrows(TopologyException.class, () -> new Colo("Bad-Name", KeyType.BIGINT, Map.of("t", "id"), List.of()));
    assertThrows(TopologyException.class, () -> Colo.evenlySplit("users", KeyType.BIGINT, Map.of(), List.of("n1")));
  }

  @Test
  void withColoMakesTheNextVersion() {
    Topology t = topology();
    Colo users = t.colo("users").orElseThrow();
    Map<String, String> more = new LinkedHashMap<>(users.tableToKeyColumn());
    more.put("payments", "user_id");
    Topology next = t.withColo(new Colo("users", KeyType.BIGINT, more, users.shards()));
    assertEquals(4, next.version());
    assertEquals("users", next.coloOfTable("payments").orElseThrow().name());
    assertTrue(t.coloOfTable("payments").isEmpty());
  }

  @Test
  void placementSpreadsContiguousBlocks() {
    assertEquals(List.of("a", "a", "a", "a", "b", "b", "b", "b"), Placement.contiguousBlocks(8, List.of("a", "b")));
    assertEquals(List.of("a", "a", "b", "b", "c"), Placement.contiguousBlocks(5, List.of("a", "b", "c")));
    assertEquals(List.of("a", "b"), Placement.contiguousBlocks(2, List.of("a", "b", "c")));
    assertEquals(List.of("a"), Placement.contiguousBlocks(1, List.of("a", "b")));
  }
}
