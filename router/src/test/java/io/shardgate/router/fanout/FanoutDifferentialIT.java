package io.shardgate.router.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shardgate.engine.RowStream;
import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.PostgresNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fan-out planner against real PostgreSQL: one table, split over {@value #SHARDS} shard schemas of views
 * (as Shardgate's logical shards are), and a reference table. Each statement runs once on the whole table
 * and, as planned, on every shard; the merge of the shards' answers must equal the whole table's answer
 * (names, types and rows; in order where the statement orders totally). With {@code -Dfanout.record=true}
 * every case is also written to {@code target/fanout/merges.json}, the fixture {@link FanoutMergeReplayTest}
 * replays without a server (copy it to {@code src/test/resources/fanout/}).
 */
@PostgresNodes(1)
class FanoutDifferentialIT {
  static final int SHARDS = 3;
  /** The shard keys of the tables split over the shard schemas (kinds is a reference table). */
  static final ShardKeys KEYS = new ShardKeys(Map.of("items", "id", "notes", "item_id"));

  enum Check { ORDERED, ANY_ORDER, ROW_COUNT }

  record Case(String sql, Check check) {}

  static final List<Case> CASES = List.of(
      new Case("SELECT id, grp FROM items WHERE qty > 3", Check.ANY_ORDER),
      new Case("SELECT * FROM items", Check.ANY_ORDER),
      new Case("SELECT id, grp, qty FROM items ORDER BY qty DESC, id", Check.ORDERED),
      new Case("SELECT id, qty FROM items ORDER BY qty NULLS FIRST, id DESC", Check.ORDERED),
      new Case("SELECT id, qty * 2 AS dq FROM items ORDER BY dq, id", Check.ORDERED),
      new Case("SELECT id FROM items ORDER BY price DESC NULLS LAST, id", Check.ORDERED),
      new Case("SELECT * FROM items ORDER BY day, id LIMIT 7", Check.ORDERED),
      new Case("SELECT grp, * FROM items ORDER BY 1, 2", Check.ORDERED),
      new Case("SELECT *, qty % 4 AS q FROM items ORDER BY q DESC, id", Check.ORDERED),
      new Case("SELECT id, grp FROM items ORDER BY id LIMIT 5 OFFSET 3", Check.ORDERED),
      new Case("SELECT id FROM items ORDER BY id OFFSET 25", Check.ORDERED),
      new Case("SELECT id FROM items ORDER BY id DESC OFFSET 2 ROWS FETCH FIRST 4 ROWS ONLY", Check.ORDERED),
      new Case("SELECT id FROM items ORDER BY score, id FETCH FIRST ROW ONLY", Check.ORDERED),
      new Case("SELECT id FROM items WHERE ok LIMIT 4", Check.ROW_COUNT),
      new Case("SELECT id FROM items LIMIT 0", Check.ORDERED),
      new Case("SELECT DISTINCT grp FROM items", Check.ANY_ORDER),
      new Case("SELECT DISTINCT cat, ok FROM items ORDER BY cat DESC, ok LIMIT 4", Check.ORDERED),
      new Case("SELECT DISTINCT * FROM items ORDER BY id", Check.ORDERED),
      new Case("SELECT i.id, k.label FROM items i JOIN kinds k ON k.cat = i.cat ORDER BY k.label, i.id",
          Check.ORDERED),
      new Case("SELECT s.id FROM (SELECT id, qty FROM items WHERE qty > 2) s ORDER BY s.id", Check.ORDERED),
      new Case("SELECT grp FROM items ORDER BY grp COLLATE \"C\", id", Check.ORDERED),
      new Case("SELECT id, lower(grp) FROM items ORDER BY lower(grp), id", Check.ORDERED),
      new Case("SELECT id, note FROM items WHERE note LIKE $$n1%$$ ORDER BY note DESC", Check.ORDERED),
      new Case("SELECT count(*) FROM items", Check.ORDERED),
      new Case("SELECT count(*) AS n, max(price) AS top FROM items WHERE cat = $$2$$::int", Check.ORDERED),
      new Case("SELECT count(*), count(qty), sum(qty), min(grp), max(qty), avg(qty), bool_and(ok), bool_or(ok), "
          + "every(ok) FROM items", Check.ORDERED),
      new Case("SELECT sum(price), avg(price), min(price), max(day), avg(score), sum(score) FROM items",
          Check.ORDERED),
      new Case("SELECT avg(qty) AS mean, count(*) FROM items WHERE grp = 'zzz'", Check.ORDERED),
      new Case("SELECT count(*), sum(qty), avg(qty), min(day), bool_or(ok) FROM items WHERE id < 0", Check.ORDERED),
      new Case("SELECT count(*) FILTER (WHERE qty > 5), avg(price) FILTER (WHERE ok) FROM items", Check.ORDERED),
      new Case("SELECT (avg(qty)), sum(cat) FROM items", Check.ORDERED),
      new Case("SELECT min(DISTINCT qty), max(DISTINCT grp) FROM items", Check.ORDERED),
      new Case("SELECT grp, count(*) AS n, sum(qty) FROM items GROUP BY grp ORDER BY grp", Check.ORDERED),
      new Case("SELECT grp, count(*) AS n FROM items GROUP BY grp ORDER BY n DESC, grp LIMIT 3", Check.ORDERED),
      new Case("SELECT cat, avg(price), avg(qty) FROM items GROUP BY 1 ORDER BY 1", Check.ORDERED),
      new Case("SELECT qty % 3, count(*) FROM items GROUP BY qty % 3 ORDER BY 1", Check.ORDERED),
      new Case("SELECT count(*) FROM items GROUP BY cat", Check.ANY_ORDER),
      new Case("SELECT cat FROM items GROUP BY cat", Check.ANY_ORDER),
      new Case("SELECT grp, count(*) FROM items GROUP BY grp HAVING count(*) > 6", Check.ANY_ORDER),
      new Case("SELECT grp FROM items GROUP BY grp HAVING avg(qty) BETWEEN 5 AND 6 OR max(qty) IS NULL "
          + "ORDER BY grp", Check.ORDERED),
      new Case("SELECT cat, max(day) FROM items GROUP BY cat HAVING max(day) > DATE '2024-01-04' AND cat <> 2 "
          + "ORDER BY cat", Check.ORDERED),
      new Case("SELECT cat FROM items GROUP BY cat ORDER BY avg(score) DESC NULLS LAST, cat", Check.ORDERED),
      new Case("SELECT count(*) FROM items GROUP BY grp ORDER BY grp", Check.ORDERED),
      new Case("SELECT grp, sum(qty) AS total FROM items WHERE ok GROUP BY grp HAVING sum(qty) >= 10 "
          + "ORDER BY total DESC, grp LIMIT 2 OFFSET 1", Check.ORDERED),
      new Case("SELECT DISTINCT count(*) FROM items GROUP BY cat", Check.ANY_ORDER),
      new Case("SELECT count(*) FROM items LIMIT 1 OFFSET 1", Check.ORDERED),
      new Case("SELECT max(qty) FROM items HAVING max(qty) > 100", Check.ORDERED),
      new Case("SELECT ok, count(*), bool_or(qty > 8) FROM items GROUP BY ok ORDER BY ok", Check.ORDERED),
      new Case("SELECT date_trunc('month', day) AS m, count(*) FROM items GROUP BY 1 ORDER BY m", Check.ORDERED),
      new Case("SELECT grp, avg(score), min(score) FROM items GROUP BY grp ORDER BY 1", Check.ORDERED),
      new Case("SELECT grp, cat, count(*) FROM items GROUP BY grp, cat ORDER BY 3 DESC, 1, 2 LIMIT 5",
          Check.ORDERED),
      new Case("SELECT lower(grp) AS g, count(*), avg(qty) FILTER (WHERE ok) FROM items GROUP BY lower(grp) "
          + "ORDER BY g NULLS FIRST", Check.ORDERED),
      new Case("SELECT k.label, count(*), avg(i.price) FROM items i JOIN kinds k ON k.cat = i.cat GROUP BY k.label "
          + "ORDER BY 1", Check.ORDERED),
      new Case("SELECT grp, count(*) FROM items GROUP BY grp HAVING min(note) >= 'n13' ORDER BY 2, 1",
          Check.ORDERED),
      new Case("SELECT count(DISTINCT grp), count(*), count(DISTINCT grp) FROM items", Check.ANY_ORDER),
      new Case("SELECT cat, count(DISTINCT grp) AS n, avg(qty) FROM items GROUP BY cat ORDER BY cat NULLS FIRST",
          Check.ORDERED),
      new Case("SELECT ok FROM items GROUP BY ok HAVING count(DISTINCT cat) > 2", Check.ANY_ORDER),
      new Case("SELECT DISTINCT ON (grp) grp, id, qty FROM items ORDER BY grp, qty DESC NULLS LAST, id", Check.ORDERED),
      new Case("SELECT DISTINCT ON (cat) id FROM items ORDER BY cat DESC, id LIMIT 3", Check.ORDERED),
      new Case("SELECT grp FROM items WHERE qty > 3 UNION SELECT grp FROM items WHERE ok ORDER BY 1", Check.ORDERED),
      new Case("SELECT id FROM items WHERE qty > 3 UNION ALL SELECT id FROM items WHERE ok ORDER BY 1 DESC LIMIT 9",
          Check.ORDERED),
      new Case("SELECT grp, cat FROM items INTERSECT ALL SELECT grp, cat FROM items WHERE qty > 2", Check.ANY_ORDER),
      new Case("SELECT grp FROM items EXCEPT SELECT grp FROM items WHERE ok ORDER BY 1 NULLS FIRST", Check.ORDERED),
      new Case("(SELECT cat FROM items) EXCEPT ALL (SELECT cat FROM items WHERE ok)", Check.ANY_ORDER),
      new Case("SELECT i.id, n.body FROM items i JOIN notes n ON n.item_id = i.id ORDER BY i.id, n.body", Check.ORDERED),
      new Case("SELECT i.grp, count(*), count(DISTINCT n.body) FROM items i LEFT JOIN notes n ON n.item_id = i.id "
          + "GROUP BY i.grp ORDER BY 1", Check.ORDERED),
      new Case("SELECT item_id, body, row_number() OVER (PARTITION BY item_id ORDER BY body), "
          + "count(*) OVER (PARTITION BY item_id) AS n FROM notes ORDER BY n DESC, 1, 2 LIMIT 20", Check.ORDERED),
      new Case("SELECT i.id, n.body, rank() OVER (PARTITION BY n.item_id ORDER BY n.body DESC) FROM items i "
          + "JOIN notes n ON n.item_id = i.id ORDER BY 1, 3, 2", Check.ORDERED),
      // string_agg / array_agg: merged from the shards' raw rows (arrays compared as PostgreSQL prints them)
      new Case("SELECT grp, string_agg(note, ',' ORDER BY id) FROM items GROUP BY grp ORDER BY grp", Check.ORDERED),
      new Case("SELECT cat, string_agg(grp, ' – ' ORDER BY qty DESC NULLS FIRST, id), count(*), sum(qty), sum(id), "
          + "avg(price), max(day), count(grp) FROM items GROUP BY cat ORDER BY cat", Check.ORDERED),
      new Case("SELECT array_agg(qty ORDER BY qty DESC NULLS FIRST, id), array_agg(qty ORDER BY qty NULLS FIRST, id "
          + "DESC), count(*) FROM items", Check.ORDERED),
      new Case("SELECT grp, array_agg(grp || ' é' ORDER BY id), array_agg(price ORDER BY price NULLS FIRST, id) "
          + "FROM items GROUP BY grp ORDER BY 1", Check.ORDERED),
      new Case("SELECT string_agg(note, ','), array_agg(id), count(*), sum(qty) FROM items WHERE id > 1000",
          Check.ORDERED),
      new Case("SELECT grp, string_agg(CASE WHEN qty > 100 THEN note END, ','), count(*) FROM items GROUP BY grp "
          + "ORDER BY 1", Check.ORDERED),
      new Case("SELECT cat, string_agg(note, '' ORDER BY note DESC) AS s FROM items GROUP BY cat "
          + "HAVING count(*) > 5 ORDER BY s", Check.ORDERED),
      new Case("SELECT array_agg(CASE WHEN id % 5 = 0 THEN 'NULL' WHEN id % 5 = 1 THEN '' WHEN id % 5 = 2 "
          + "THEN 'x\"y\\z' WHEN id % 5 = 3 THEN NULL ELSE 'p{q},r' END ORDER BY id) FROM items WHERE id < 12",
          Check.ORDERED),
      new Case("SELECT i.grp, string_agg(n.body, ',' ORDER BY n.body, n.item_id) FROM items i "
          + "JOIN notes n ON n.item_id = i.id GROUP BY i.grp ORDER BY 1", Check.ORDERED),
      new Case("SELECT DISTINCT string_agg(grp, ',' ORDER BY grp) FROM items GROUP BY qty % 2", Check.ANY_ORDER),
      new Case("SELECT ok, array_agg(day ORDER BY day DESC, id), bool_or(ok), min(score), every(qty > 3) FROM items "
          + "GROUP BY ok ORDER BY ok", Check.ORDERED),
      new Case("SELECT id, array_agg(note), string_agg(grp, '/') FROM items GROUP BY id ORDER BY id LIMIT 5",
          Check.ORDERED),
      new Case("SELECT cat, max(id) FROM items GROUP BY 1 ORDER BY string_agg(note, ',' ORDER BY note) LIMIT 3",
          Check.ORDERED),
      new Case("SELECT grp, count(*) FILTER (WHERE qty > 3), sum(qty) FILTER (WHERE ok), avg(score) FILTER (WHERE "
          + "cat = 1), string_agg(note, ',' ORDER BY id) FROM items GROUP BY grp ORDER BY 1", Check.ORDERED));

  private static final Map<String, Integer> OIDS = Map.ofEntries(Map.entry("bool", 16), Map.entry("int8", 20),
      Map.entry("int2", 21), Map.entry("int4", 23), Map.entry("text", 25), Map.entry("float4", 700),
      Map.entry("float8", 701), Map.entry("varchar", 1043), Map.entry("date", 1082), Map.entry("timestamp", 1114),
      Map.entry("timestamptz", 1184), Map.entry("numeric", 1700), Map.entry("_int4", 1007), Map.entry("_int8", 1016),
      Map.entry("_text", 1009), Map.entry("_numeric", 1231), Map.entry("_date", 1182));

  @Test
  void mergedAnswersEqualOneDatabase(LocalCluster cluster) throws Exception {
    String db = cluster.createDatabase("fanout");
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode record = json.createObjectNode().put("shards", SHARDS);
    ArrayNode recorded = record.putArray("cases");
    List<String> failures = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(cluster.node(0).jdbcUrl(db) + "&preferQueryMode=simple");
         Statement s = c.createStatement()) {
      setUp(s);
      for (Case k : CASES) {
        RecordedResult whole = run(s, "public", k.sql());
        FanoutPlan plan = FanoutPlanner.plan(k.sql(), SHARDS, KEYS);
        List<RecordedResult> shards = new ArrayList<>();
        List<RowStream> streams = new ArrayList<>();
        for (int shard = 0; shard < SHARDS; shard++) {
          RecordedResult r = run(s, "shard_" + shard, plan.shardSql());
          shards.add(r);
          streams.add(r.stream());
        }
        RecordedResult merged = RecordedResult.drain(plan.open(streams));
        try {
          check(whole, merged, k);
        } catch (AssertionError e) {
          failures.add(k.sql() + "\n  shard SQL: " + plan.shardSql() + "\n  " + e.getMessage());
        }
        ObjectNode o = recorded.addObject().put("query", k.sql()).put("check", k.check().name())
            .put("shardSql", plan.shardSql());
        ArrayNode shardResults = o.putArray("shardResults");
        shards.forEach(r -> shardResults.add(r.toJson()));
        o.set("expected", whole.toJson());
      }
    }
    if (Boolean.getBoolean("fanout.record")) {
      Path file = Path.of("target", "fanout", "merges.json");
      Files.createDirectories(file.getParent());
      Files.writeString(file, json.writeValueAsString(record) + "\n");
    }
    assertTrue(failures.isEmpty(), failures.size() + " of " + CASES.size() + " statements differ:\n"
        + String.join("\n", failures));
  }

  static void check(RecordedResult whole, RecordedResult merged, Case k) {
    if (k.check() == Check.ROW_COUNT) {
      assertEquals(whole.names(), merged.names(), "column names of " + k.sql());
      assertEquals(whole.oids(), merged.oids(), "column types of " + k.sql());
      assertEquals(whole.rows().size(), merged.rows().size(), "row count of " + k.sql());
    } else {
      whole.assertSameAnswer(merged, k.check() == Check.ORDERED, k.sql());
    }
  }

  /** 40 rows with NULLs in every nullable column; shard k holds the rows with id % 3 = k. */
  private static void setUp(Statement s) throws SQLException {
    s.execute("CREATE TABLE items (id int8 PRIMARY KEY, grp text, cat int4, qty int4, price numeric(10,2), "
        + "score float8, ok bool, day date, note text)");
    s.execute("INSERT INTO items SELECT i, "
        + "CASE WHEN i % 6 = 0 THEN NULL ELSE (ARRAY['a', 'b', 'B', 'c', 'ab'])[1 + i % 5] END, "
        + "CASE WHEN i % 7 = 0 THEN NULL ELSE i % 4 END, "
        + "CASE WHEN i % 9 = 0 THEN NULL ELSE (i * 7) % 11 END, "
        + "CASE WHEN i % 8 = 0 THEN NULL ELSE round(i * 1.37 % 17, 2) END, "
        + "CASE WHEN i % 10 = 0 THEN NULL ELSE (i % 8) * 0.25 END, "
        + "CASE WHEN i % 11 = 0 THEN NULL ELSE i % 4 <> 0 END, "
        + "date '2024-01-01' + (i * 5) % 37, "
        + "'n' || i FROM generate_series(1, 40) i");
    s.execute("CREATE TABLE notes (item_id int8, body text)");
    s.execute("INSERT INTO notes SELECT i % 45, 'b' || (i % 7) FROM generate_series(1, 90) i");
    s.execute("CREATE TABLE kinds (cat int4 PRIMARY KEY, label text)");
    s.execute("INSERT INTO kinds VALUES (0, 'zero'), (1, 'one'), (2, 'two'), (3, 'three')");
    for (int k = 0; k < SHARDS; k++) {
      s.execute("CREATE SCHEMA shard_" + k);
      s.execute("CREATE VIEW shard_" + k + ".items AS SELECT * FROM public.items WHERE id % " + SHARDS + " = " + k
          + " WITH CASCADED CHECK OPTION");
      s.execute("CREATE VIEW shard_" + k + ".kinds AS SELECT * FROM public.kinds");
      s.execute("CREATE VIEW shard_" + k + ".notes AS SELECT * FROM public.notes WHERE item_id % " + SHARDS + " = "
          + k + " WITH CASCADED CHECK OPTION");
    }
  }

  private static RecordedResult run(Statement s, String schema, String sql) throws SQLException {
    s.execute("SET search_path = " + schema);
    try (ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> names = new ArrayList<>();
      List<Integer> oids = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        names.add(md.getColumnLabel(i));
        Integer oid = OIDS.get(md.getColumnTypeName(i));
        if (oid == null) {
          throw new IllegalStateException("add type " + md.getColumnTypeName(i) + " to the test's OID table");
        }
        oids.add(oid);
      }
      List<List<String>> rows = new ArrayList<>();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
      return new RecordedResult(names, oids, rows);
    }
  }
}
