package io.shardgate.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShardSchemaDdlTest {
  private static final Topology TOPOLOGY = TopologyLoader.parse("""
      nodes:
        - {name: n1, url: "postgresql://u@h1/app"}
        - {name: n2, url: "postgresql://u@h2/app"}
      home: n1
      colos:
        - {name: users, key_type: bigint, tables: {users: id, orders: user_id}, shards: 2, placement: [n1, n2]}
        - {name: tags, key_type: text, tables: {tags: name}, shards: 1, placement: [n2]}
      reference_tables: [countries]
      """);

  @Test
  void firstShardOfAColo() {
    assertEquals(List.of(
        "CREATE SCHEMA IF NOT EXISTS \"users_0000\"",
        "CREATE VIEW \"users_0000\".\"users\" AS SELECT * FROM public.\"users\" WHERE hashint8extended(\"users\".\"id\", 0) "
            + ">= -9223372036854775808 AND hashint8extended(\"users\".\"id\", 0) < 0 WITH CASCADED CHECK OPTION",
        "CREATE VIEW \"users_0000\".\"orders\" AS SELECT * FROM public.\"orders\" WHERE hashint8extended(\"orders\".\"user_id\", 0) "
            + ">= -9223372036854775808 AND hashint8extended(\"orders\".\"user_id\", 0) < 0 WITH CASCADED CHECK OPTION",
        "CREATE VIEW \"users_0000\".\"countries\" AS SELECT * FROM public.\"countries\""),
        ShardSchemaDdl.forNode(TOPOLOGY, "n1"));
  }

  @Test
  void lastShardHasNoUpperBoundAndTextKeysUseHashtextextended() {
    assertEquals(List.of(
        "CREATE SCHEMA IF NOT EXISTS \"users_0001\"",
        "CREATE VIEW \"users_0001\".\"users\" AS SELECT * FROM public.\"users\" WHERE hashint8extended(\"users\".\"id\", 0) >= 0"
            + " WITH CASCADED CHECK OPTION",
        "CREATE VIEW \"users_0001\".\"orders\" AS SELECT * FROM public.\"orders\" WHERE hashint8extended(\"orders\".\"user_id\", 0) >= 0"
            + " WITH CASCADED CHECK OPTION",
        "CREATE VIEW \"users_0001\".\"countries\" AS SELECT * FROM public.\"countries\"",
        "CREATE SCHEMA IF NOT EXISTS \"tags_0000\"",
        "CREATE VIEW \"tags_0000\".\"tags\" AS SELECT * FROM public.\"tags\" WHERE hashtextextended(\"tags\".\"name\", 0)"
            + " >= -9223372036854775808 WITH CASCADED CHECK OPTION",
        "CREATE VIEW \"tags_0000\".\"countries\" AS SELECT * FROM public.\"countries\""),
        ShardSchemaDdl.forNode(TOPOLOGY, "n2"));
  }

  @Test
  void identifiersAreQuoted() {
    assertEquals("\"a\"\"b\"", ShardSchemaDdl.quote("a\"b"));
    assertEquals("\"select\"", ShardSchemaDdl.quote("select"));
    Shard shard = TOPOLOGY.colo("users").orElseThrow().shards().get(0);
    ShardView view = ShardSchemaDdl.referenceView(shard, "Countries");
    assertEquals("\"users_0000\".\"countries\"", view.qualifiedName());
    assertEquals("DROP VIEW IF EXISTS \"users_0000\".\"countries\"", view.dropSql());
  }
}
