package io.shardgate.sql.analysis;

import static io.shardgate.sql.analysis.KeyValues.lit;
import static io.shardgate.sql.analysis.KeyValues.param;
import static io.shardgate.sql.analysis.KeyValues.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whether a statement can run shard by shard ({@link Analysis#crossShard()}), with the test catalog: users by id,
 * orders by user_id, order_items, events and settings by tenant_id.
 */
class ColocationTest {

    private static Analysis parsed(String sql) {
        Analysis a = TestCatalog.ANALYZER.analyze(sql);
        assertTrue(a.parsed(), () -> "Calcite should parse: " + sql);
        return a;
    }

    private static void shardLocal(String sql) {
        assertNull(parsed(sql).crossShard(), sql);
    }

    private static String crossShard(String sql) {
        String reason = parsed(sql).crossShard();
        assertNotNull(reason, sql);
        return reason;
    }

    @Test
    void oneShardedTableIsShardLocal() {
        shardLocal("SELECT * FROM users WHERE name = 'x'");
        shardLocal("UPDATE users SET name = $1 WHERE email = $2");
        shardLocal("DELETE FROM order_items WHERE id = 5");
        shardLocal("SELECT * FROM users u LEFT JOIN categories c ON c.id = u.category_id");
        shardLocal("SELECT * FROM users WHERE category_id IN (SELECT id FROM categories)");
    }

    @Test
    void joinsAndCorrelationsOnTheShardKeyAreShardLocal() {
        shardLocal("SELECT * FROM users u JOIN orders o ON o.user_id = u.id");
        shardLocal("SELECT * FROM users u LEFT JOIN orders o ON o.user_id = u.id AND o.status = 'paid'");
        shardLocal("SELECT * FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)");
        shardLocal("SELECT u.id, (SELECT count(*) FROM orders o WHERE o.user_id = u.id) FROM users u");
        shardLocal("UPDATE users SET name = 'x' WHERE NOT EXISTS (SELECT 1 FROM orders WHERE orders.user_id = users.id)");
    }

    @Test
    void joinsOnOtherColumnsAreNotAndSayWhy() {
        assertEquals("table \"orders\" is not joined to table \"users\" by equal shard keys (o.user_id = u.id)",
                crossShard("SELECT * FROM users u JOIN orders o ON o.id = u.id"));
        crossShard("SELECT * FROM users u WHERE u.id IN (SELECT user_id FROM orders)");
        crossShard("SELECT * FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.id = u.id)");
    }

    @Test
    void setOperationsOfShardLocalBranchesAreShardLocal() {
        shardLocal("SELECT id FROM users UNION SELECT user_id FROM orders");
        shardLocal("SELECT id FROM users WHERE name = 'a' UNION ALL SELECT id FROM users WHERE name = 'b' ORDER BY 1 LIMIT 5");
        shardLocal("SELECT id FROM users UNION SELECT user_id FROM orders UNION SELECT id FROM users WHERE id > 3");
        shardLocal("SELECT id FROM users INTERSECT SELECT user_id FROM orders");
        shardLocal("SELECT id FROM users INTERSECT ALL SELECT user_id FROM orders");
        shardLocal("(SELECT name FROM users) EXCEPT (SELECT status FROM orders WHERE total > 5) ORDER BY 1");
        shardLocal("SELECT id FROM users EXCEPT ALL SELECT user_id FROM orders");
        shardLocal("SELECT u.id, o.id FROM users u JOIN orders o ON o.user_id = u.id UNION ALL SELECT id, 0 FROM users");
        shardLocal("SELECT u.name FROM users u JOIN categories c ON c.id = u.category_id UNION SELECT status FROM orders");
        shardLocal("SELECT id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id) "
                + "UNION SELECT user_id FROM orders");
    }

    @Test
    void setOperationsNeedEveryBranchShardLocal() {
        assertEquals("table \"orders\" is not joined to table \"users\" by equal shard keys (o.user_id = u.id)",
                crossShard("SELECT u.id FROM users u JOIN orders o ON o.id = u.id UNION SELECT id FROM users"));
        crossShard("SELECT id FROM users UNION SELECT id FROM users WHERE id IN (SELECT user_id FROM orders)");
    }

    @Test
    void aSetOperationBranchWithoutAShardedTableIsRefusedAndSaysWhy() {
        assertEquals("branch 2 of the set operation reads no sharded table, so every shard would return its rows",
                crossShard("SELECT id FROM users UNION ALL SELECT 0"));
        assertEquals("branch 1 of the set operation reads no sharded table, so every shard would return its rows",
                crossShard("SELECT id FROM categories UNION SELECT id FROM users"));
        assertEquals("branch 2 of the set operation reads no sharded table, so every shard would return its rows",
                crossShard("SELECT id FROM users EXCEPT SELECT id FROM categories"));
        assertTrue(crossShard("SELECT code FROM categories WHERE id IN (SELECT category_id FROM users) "
                + "UNION SELECT name FROM users").startsWith("table \"categories\" is not sharded"));
        assertTrue(crossShard("SELECT id FROM users UNION VALUES (1)").startsWith("a VALUES branch of UNION"));
    }

    @Test
    void setOperationShapesTheMergeDoesNotTakeAreRefused() {
        assertTrue(crossShard("SELECT id FROM users UNION SELECT user_id FROM orders UNION ALL SELECT id FROM users")
                .startsWith("a mix of set operations"), "mixed");
        assertEquals("INTERSECT of more than two SELECTs is not merged across shards",
                crossShard("SELECT id FROM users INTERSECT SELECT user_id FROM orders INTERSECT SELECT id FROM users"));
        crossShard("WITH x AS (SELECT id FROM users) SELECT id FROM x UNION SELECT user_id FROM orders");
    }

    @Test
    void aSetOperationOnOneShardKeepsItsKeyValues() {
        Analysis a = parsed("SELECT id FROM users WHERE id = 4 UNION SELECT user_id FROM orders WHERE user_id = 4");
        assertEquals(values(lit("4")), a.shardKeyValues("users"));
        assertEquals(values(lit("4")), a.shardKeyValues("orders"));
        assertNull(a.crossShard());
    }

    @Test
    void rowsNoShardedTableRestrictsAreNotShardLocal() {
        assertTrue(crossShard("SELECT * FROM categories c LEFT JOIN users u ON u.category_id = c.id")
                .startsWith("table \"categories\" is not sharded"));
        crossShard("SELECT * FROM (VALUES (1), (2)) v(x) LEFT JOIN users u ON u.id = v.x");
        crossShard("SELECT (SELECT count(*) FROM users)");
    }

    @Test
    void insertSelectTakesTheKeyOfTheRowsItSelects() {
        Analysis a = parsed("INSERT INTO events (tenant_id, kind) SELECT tenant_id, 'x' FROM order_items WHERE tenant_id = $1");
        assertNull(a.crossShard());
        assertEquals(values(param(1)), a.shardKeyValues("events"));
        Analysis all = parsed("INSERT INTO events (tenant_id, kind) SELECT tenant_id, 'x' FROM order_items");
        assertNull(all.crossShard());
        assertTrue(all.shardKeyValues("events").isEmpty());
        assertEquals(values(lit("7")), parsed("INSERT INTO events (tenant_id, kind) SELECT 7, kind FROM categories")
                .shardKeyValues("events"));
        assertTrue(crossShard("INSERT INTO events (tenant_id, kind) SELECT id, 'x' FROM order_items")
                .contains("is neither a value nor the shard key"));
    }

    @Test
    void insertFromAValuesListTakesThatColumnsValues() {
        Analysis a = parsed("INSERT INTO users (id, email) SELECT p0::BIGINT, p1 FROM (VALUES ($1, $2, 0), ($3, $4, 1))"
                + " AS imp(p0, p1, n) ORDER BY n RETURNING users.id");
        assertEquals(values(param(1), param(3)), a.shardKeyValues("users"));
        assertNotNull(a.crossShard(), "several rows are not split by shard");
        assertNotNull(parsed("INSERT INTO users (id, email) VALUES (1, 'a'), (2, 'b')").crossShard());
    }

    @Test
    void writtenTablesAndCommandAreReported() {
        Analysis a = TestCatalog.ANALYZER.analyze("WITH d AS (DELETE FROM users WHERE id = $1 RETURNING id) "
                + "INSERT INTO orders (user_id) SELECT id FROM d");
        assertEquals(List.of("users", "orders"), a.writtenTables());
        assertEquals("with", a.command());
        assertEquals("lock", TestCatalog.ANALYZER.analyze("LOCK TABLE users").command());
        assertTrue(TestCatalog.ANALYZER.analyze("SELECT * FROM users TABLESAMPLE SYSTEM (1)").tableSample());
    }

    @Test
    void postgresSyntaxCalciteLacksIsAnalysed() {
        assertEquals(values(param(2)), parsed("UPDATE users SET (name, updated_at) = ($1, now()) WHERE id = $2")
                .shardKeyValues("users"));
        assertEquals(values(param(1)), parsed("SELECT tags[1], tags[2:3], tags[:2], tags[2:] FROM users WHERE id = $1")
                .shardKeyValues("users"));
        assertEquals(values(lit("42")), parsed("SELECT * FROM orders WHERE user_id = ('42') ORDER BY id"
                + " OFFSET ('0') ROWS FETCH FIRST ('10') ROWS ONLY").shardKeyValues("orders"));
        Analysis using = parsed("DELETE FROM order_items i USING events e WHERE i.tenant_id = e.tenant_id AND e.tenant_id = 3");
        assertEquals(values(lit("3")), using.shardKeyValues("order_items"));
        assertEquals(List.of("order_items"), using.writtenTables());
        Analysis cte = parsed("WITH upd AS (UPDATE orders SET status = 'x' WHERE user_id = $1 RETURNING id)"
                + " SELECT count(*) FROM upd");
        assertEquals(values(param(1)), cte.shardKeyValues("orders"));
        Analysis insert = parsed("WITH a AS (UPDATE users SET n = 1 WHERE id = $1 RETURNING id)"
                + " INSERT INTO orders (user_id) SELECT id FROM a");
        assertEquals(values(param(1)), insert.shardKeyValues("users"));
    }
}
