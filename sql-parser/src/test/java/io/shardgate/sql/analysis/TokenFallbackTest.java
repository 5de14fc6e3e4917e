package io.shardgate.sql.analysis;

import static io.shardgate.sql.analysis.KeyValues.array;
import static io.shardgate.sql.analysis.KeyValues.lit;
import static io.shardgate.sql.analysis.KeyValues.param;
import static io.shardgate.sql.analysis.KeyValues.unknown;
import static io.shardgate.sql.analysis.KeyValues.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The token-only analysis used when Calcite cannot parse a statement. */
class TokenFallbackTest {

    private static Analysis tokens(String sql) {
        Analysis a = TestCatalog.ANALYZER.analyze(sql, false);
        assertFalse(a.parsed());
        return a;
    }

    private static List<TableRef> tables(String sql) {
        return tokens(sql).tables();
    }

    private static TableRef t(String name, String alias) {
        return new TableRef(null, name, alias);
    }

    @Test
    void unparseableStatementsFallBackToTokens() {
        // parsed once CalciteText rewrote DELETE USING and SET (a, b) (ColocationTest); the token path still agrees
        Analysis using = TestCatalog.ANALYZER.analyze(
                "DELETE FROM order_items oi USING orders o WHERE oi.order_id = o.id AND o.tenant_id = $1", false);
        assertFalse(using.parsed());
        assertEquals(List.of(t("order_items", "oi"), t("orders", "o")), using.tables());
        assertEquals(unknown(), using.shardKeyValues("order_items"));
        Analysis rowSet = TestCatalog.ANALYZER.analyze("UPDATE users SET (name, updated_at) = ($1, now()) WHERE id = $2",
                false);
        assertFalse(rowSet.parsed());
        assertEquals(values(param(2)), rowSet.shardKeyValues("users"));
    }

    @Test
    void fromListsJoinsAndSubqueries() {
        assertEquals(List.of(TableRef.of("a"), t("b", "x"), TableRef.of("c"), new TableRef("s", "d", "y"), t("f", "g"),
                        TableRef.of("e"), t("h", "hh"), t("k", null)),
                tables("SELECT * FROM a, b x, ONLY c, s.d AS y, (SELECT 1 FROM e) z, generate_series(1, 2) n, f g "
                        + "LEFT OUTER JOIN h hh ON hh.id = g.id CROSS JOIN LATERAL (SELECT * FROM k) kk WHERE 1 = 1"));
    }

    @Test
    void fromThatIsNotATableList() {
        assertEquals(List.of(TableRef.of("users")), tables(
                "SELECT extract(epoch FROM created_at), substring(name FROM 1 FOR 2), trim(both ' ' FROM name) FROM users "
                        + "WHERE deleted_at IS NOT DISTINCT FROM NULL AND a IS DISTINCT FROM b"));
    }

    @Test
    void dmlTargetsAndNotLookalikes() {
        assertEquals(List.of(t("accounts", null)), tables("SELECT * FROM accounts FOR NO KEY UPDATE OF accounts SKIP LOCKED"));
        assertEquals(List.of(t("users", "u")), tables(
                "INSERT INTO users AS u (id, name) VALUES (1, 'a') ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name RETURNING id"));
        assertEquals(List.of(t("users", "u"), t("orders", "o")), tables(
                "UPDATE users u SET name = 'x' FROM orders o WHERE o.user_id = u.id"));
        assertEquals(List.of(t("accounts", "a")), tables(
                "MERGE INTO accounts a USING (VALUES (1)) AS v(id) ON a.id = v.id WHEN MATCHED THEN UPDATE SET balance = 0"));
        assertEquals(List.of(t("users", "x"), t("orders", null)), tables("MERGE INTO users x USING orders ON x.id = orders.user_id WHEN MATCHED THEN DELETE"));
        assertEquals(List.of(TableRef.of("settings")), tables("TABLE settings"));
        assertEquals(List.of(TableRef.of("newtab"), TableRef.of("t")), tables("SELECT * INTO TEMP newtab FROM t"));
    }

    @Test
    void cteNamesAreNotTablesButTheirBodiesAre() {
        assertEquals(List.of(TableRef.of("jobs"), TableRef.of("audit_log")), tables(
                "WITH moved AS (DELETE FROM jobs WHERE status = 'done' RETURNING *) INSERT INTO audit_log (a) SELECT id FROM moved"));
        assertEquals(List.of(TableRef.of("users")), tables("WITH users AS (SELECT * FROM users) SELECT * FROM users"));
    }

    @Test
    void ddlAndUtilityTables() {
        assertEquals(List.of(TableRef.of("events")), tables("CREATE INDEX idx ON events USING gin (payload jsonb_path_ops)"));
        assertEquals(List.of(TableRef.of("order_items"), TableRef.of("orders")), tables(
                "ALTER TABLE order_items ADD CONSTRAINT fk FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE CASCADE"));
        assertEquals(List.of(TableRef.of("a"), new TableRef("s", "b", null)), tables("DROP TABLE IF EXISTS a, s.b CASCADE"));
        assertEquals(List.of(TableRef.of("a"), TableRef.of("b")), tables("TRUNCATE a, ONLY b RESTART IDENTITY"));
        assertEquals(List.of(TableRef.of("users")), tables("COPY users (id, name) FROM STDIN WITH (FORMAT csv)"));
        assertEquals(List.of(TableRef.of("accounts")), tables("LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE"));
        assertEquals(List.of(TableRef.of("users"), TableRef.of("orders")), tables("VACUUM (ANALYZE) users, orders"));
        assertEquals(List.of(), tables("GRANT SELECT ON ALL TABLES IN SCHEMA public TO PUBLIC"));
        assertEquals(List.of(TableRef.of("users")), tables("CREATE TRIGGER trg BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION f()"));
        assertEquals(List.of(TableRef.of("tmp_ids")), tables("CREATE TEMP TABLE tmp_ids (id bigint) ON COMMIT DROP"));
        assertEquals(List.of(TableRef.of("Profile")), tables("CREATE TABLE \"Profile\" (\"id\" SERIAL NOT NULL)"));
    }

    @Test
    void keysProvableFromTokensInSingleTableStatements() {
        assertEquals(values(param(1)), tokens("SELECT * FROM users WHERE users.id = $1 AND x = 1").shardKeyValues("users"));
        assertEquals(values(param(1)), tokens("SELECT * FROM users u WHERE (u.id = $1::bigint AND u.x = 1)").shardKeyValues("users"));
        assertEquals(values(lit("42")), tokens("SELECT * FROM users WHERE '42'::int8 = id").shardKeyValues("users"));
        assertEquals(values(lit("42")), tokens("SELECT * FROM users WHERE id = CAST(E'42' AS bigint) LIMIT 1").shardKeyValues("users"));
        assertEquals(values(lit("1"), param(2)), tokens("DELETE FROM users WHERE id IN (1, $2)").shardKeyValues("users"));
        assertEquals(values(array(1)), tokens("UPDATE users SET a = 1 WHERE id = ANY($1::bigint[])").shardKeyValues("users"));
        assertEquals(values(lit("1"), lit("2")), tokens("SELECT * FROM users WHERE id = ANY(ARRAY[1, 2])").shardKeyValues("users"));
        assertEquals(values(lit("-3")), tokens("SELECT * FROM public.users WHERE public.users.id = -3").shardKeyValues("users"));
        assertEquals(values(lit("4")), tokens("SELECT * FROM users u, unnest($1) AS t(x) WHERE u.id = 4").shardKeyValues("users"));
    }

    @Test
    void keysUnknownWhenTokensCannotProveThem() {
        String[] unknownKeys = {
            "SELECT * FROM users WHERE id = 1 OR id = 2",
            "SELECT * FROM users WHERE id BETWEEN 1 AND 2",
            "SELECT * FROM users WHERE id = 1 + 1",
            "SELECT * FROM users WHERE id::text = '1'",
            "SELECT * FROM users WHERE NOT id = 1",
            "SELECT * FROM users WHERE other.id = 1",
            "SELECT * FROM users u WHERE users.id = 1",
            "SELECT * FROM users u, orders o WHERE u.id = 1",
            "SELECT * FROM users WHERE id = 1 UNION SELECT * FROM users WHERE id = 2",
            "SELECT * FROM users WHERE id = 'a' 'b'",
            "SELECT * FROM users WHERE id = 1; SELECT 2",
            "WITH x AS (SELECT 1) SELECT * FROM users WHERE id = 1",
            "SELECT * FROM (SELECT 5 AS id) x, users WHERE id = 1",
            "SELECT * FROM users, unnest($1) AS t(id) WHERE id = 1",
        };
        for (String sql : unknownKeys) {
            assertEquals(unknown(), tokens(sql).shardKeyValues("users"), sql);
        }
    }

    @Test
    void insertValuesFromTokens() {
        assertEquals(values(param(1), param(3)), tokens(
                "INSERT INTO users AS u (id, name) VALUES ($1, $2), ($3, $4) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name")
                .shardKeyValues("users"));
        assertEquals(values(lit("7")), tokens("INSERT INTO \"users\" (\"name\", \"id\") VALUES ('x', 7::bigint) RETURNING id").shardKeyValues("users"));
        assertEquals(unknown(), tokens("INSERT INTO users VALUES (1, 'a')").shardKeyValues("users"));
        assertEquals(unknown(), tokens("INSERT INTO users (id) VALUES (DEFAULT)").shardKeyValues("users"));
        assertEquals(unknown(), tokens("INSERT INTO users (id) VALUES (1), (f(2))").shardKeyValues("users"));
        assertEquals(unknown(), tokens("INSERT INTO users (id) SELECT 1").shardKeyValues("users"));
        assertEquals(unknown(), tokens("INSERT INTO users DEFAULT VALUES").shardKeyValues("users"));
    }

    @Test
    void unterminatedInputKeepsTablesAndIsFlagged() {
        Analysis a = TestCatalog.ANALYZER.analyze("SELECT * FROM users WHERE id = 'abc");
        assertTrue(a.unterminated());
        assertFalse(a.parsed());
        assertEquals(List.of(TableRef.of("users")), a.tables());
        assertEquals(unknown(), a.shardKeyValues("users"));
    }

    @Test
    void bothPathsAgreeOnSimpleStatements() {
        String[] statements = {
            "SELECT * FROM users WHERE id = $1",
            "SELECT u.name FROM users u WHERE u.id IN (1, 2)",
            "UPDATE users SET name = $1 WHERE id = $2",
            "DELETE FROM orders WHERE user_id = ANY($1)",
            "INSERT INTO events (tenant_id, kind) VALUES ($1, 'a'), ($2, 'b')",
            "SELECT * FROM \"public\".\"Post\" WHERE \"public\".\"Post\".\"authorId\" = 5",
        };
        for (String sql : statements) {
            Analysis calcite = TestCatalog.ANALYZER.analyze(sql);
            Analysis tokens = TestCatalog.ANALYZER.analyze(sql, false);
            assertTrue(calcite.parsed(), sql);
            assertEquals(calcite.tables(), tokens.tables(), sql);
            assertEquals(calcite.shardKeyValuesByTable(), tokens.shardKeyValuesByTable(), sql);
        }
    }
}
