package io.shardgate.sql.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Finding the rows of a multi-row INSERT and cutting the client's text down to some of them. */
class InsertValuesTest {

    private static InsertValues rows(String sql, String key) {
        return InsertValues.parse(sql, key).orElseThrow();
    }

    @Test
    void keepsTheChosenRowsAndTheTextAroundThem() {
        InsertValues v = rows("INSERT INTO users (id, email) VALUES (1, 'a'), (2, 'b'), (3, 'c') "
                + "ON CONFLICT DO NOTHING RETURNING id", "id");
        assertEquals(3, v.rowCount());
        assertEquals(new KeyValue.Literal("2"), v.key(1));
        assertEquals("INSERT INTO users (id, email) VALUES (1, 'a'), (3, 'c') ON CONFLICT DO NOTHING RETURNING id",
                v.withRows(List.of(0, 2)));
        assertEquals("INSERT INTO users (id, email) VALUES (2, 'b') ON CONFLICT DO NOTHING RETURNING id",
                v.withRows(List.of(1)));
    }

    @Test
    void quotingInsideRowsNeverSplitsThem() {
        String sql = "/* c, ( */ insert into users (email, \"id\") values ('x), (y', 10), "
                + "($q$), ( ' $q$, -11), (E'\\'), (', '7'::bigint), (lower('A,(B'), 12) -- (1), (2)\n";
        InsertValues v = rows(sql, "id");
        assertEquals(4, v.rowCount());
        assertEquals(new KeyValue.Literal("10"), v.key(0));
        assertEquals(new KeyValue.Literal("-11"), v.key(1));
        assertEquals(new KeyValue.Literal("7"), v.key(2));
        assertEquals(new KeyValue.Literal("12"), v.key(3));
        assertEquals("/* c, ( */ insert into users (email, \"id\") values ($q$), ( ' $q$, -11), (lower('A,(B'), 12)"
                + " -- (1), (2)\n", v.withRows(List.of(1, 3)));
    }

    @Test
    void nullDefaultAndExpressionsAreNoPlainKey() {
        InsertValues v = rows("INSERT INTO users (id) VALUES (NULL), (DEFAULT), (1 + 1), ($3), (4)", "id");
        assertNull(v.key(0));
        assertNull(v.key(1));
        assertNull(v.key(2));
        assertEquals(new KeyValue.Parameter(3), v.key(3));
        assertEquals("DEFAULT", v.keyText(1));
    }

    @Test
    void otherShapesAreNotRowsToSplit() {
        assertTrue(InsertValues.parse("INSERT INTO users VALUES (1), (2)", "id").isEmpty());
        assertTrue(InsertValues.parse("INSERT INTO users (email) VALUES ('a'), ('b')", "id").isEmpty());
        assertTrue(InsertValues.parse("INSERT INTO users (id) SELECT 1", "id").isEmpty());
        assertTrue(InsertValues.parse("INSERT INTO users (id) VALUES (1), (2) ORDER BY 1", "id").isEmpty());
        assertTrue(InsertValues.parse("WITH x AS (SELECT 1) INSERT INTO users (id) VALUES (1), (2)", "id").isEmpty());
        assertTrue(InsertValues.parse("INSERT INTO users (id) VALUES (1), (2", "id").isEmpty());
    }

    private static final String INSERT_MANY = "INSERT INTO users (email, tenant_id, name) SELECT p1::VARCHAR, "
            + "imp_sen.p0::BIGINT AS tenant_id, p2 FROM (VALUES ($1, 'a,(b', $3, 0), ('7', $4, lower('x'), 1), "
            + "(NULL, $5, $6, 2)) AS imp_sen(p0, p1, p2, sen_counter) ORDER BY sen_counter RETURNING users.id";

    @Test
    void insertManyValuesTakesTheKeyFromTheValuesColumnItSelects() {
        InsertValues v = rows(INSERT_MANY, "tenant_id");
        assertEquals(3, v.rowCount());
        assertEquals(new KeyValue.Parameter(1), v.key(0));
        assertEquals(new KeyValue.Literal("7"), v.key(1));
        assertNull(v.key(2));
        assertEquals("NULL", v.keyText(2));
        assertEquals("INSERT INTO users (email, tenant_id, name) SELECT p1::VARCHAR, imp_sen.p0::BIGINT AS tenant_id, "
                + "p2 FROM (VALUES ($1, 'a,(b', $3, 0), (NULL, $5, $6, 2)) AS imp_sen(p0, p1, p2, sen_counter) "
                + "ORDER BY sen_counter RETURNING users.id", v.withRows(List.of(0, 2)));
    }

    @Test
    void insertManyValuesOfSqlAlchemy() {
        String sql = "INSERT INTO users (tenant_id, email, name) SELECT p0::BIGINT, p1::VARCHAR, p2::VARCHAR FROM "
                + "(VALUES ($1, $2, $3, 0), ($4, $5, $6, 1)) AS imp_sen(p0, p1, p2, sen_counter) ORDER BY sen_counter "
                + "ON CONFLICT DO NOTHING RETURNING users.id, users.id AS id__1";
        InsertValues v = rows(sql, "tenant_id");
        assertEquals(new KeyValue.Parameter(4), v.key(1));
        assertEquals(sql.replace("($1, $2, $3, 0), ", ""), v.withRows(List.of(1)));
        String typed = "INSERT INTO t (k, at) SELECT p0::NUMERIC(10, 2)::BIGINT, p1::TIMESTAMP WITHOUT TIME ZONE "
                + "FROM (VALUES (1, now()), (2, now())) v (p0, p1)";
        assertEquals(new KeyValue.Literal("2"), rows(typed, "k").key(1));
    }

    @Test
    void selectsThatCuttingRowsWouldChangeAreNotRowsToSplit() {
        String tail = " FROM (VALUES (1, 0), (2, 1)) AS v(p0, c)";
        for (String sql : List.of(
                "INSERT INTO users (id) SELECT p0 + 1" + tail,
                "INSERT INTO users (id) SELECT DISTINCT p0" + tail,
                "INSERT INTO users (id) SELECT c" + tail.replace("(p0, c)", "(p0, q)"),
                "INSERT INTO users (id) SELECT w.p0" + tail,
                "INSERT INTO users (id, n) SELECT p0, row_number() OVER ()" + tail,
                "INSERT INTO users (id) SELECT p0" + tail + " WHERE p0 > 1",
                "INSERT INTO users (id) SELECT p0" + tail + " ORDER BY c LIMIT 1",
                "INSERT INTO users (id) SELECT p0" + tail + ", other",
                "INSERT INTO users (id) SELECT p0 FROM (VALUES (1, 0), (2, 1) UNION SELECT 3, 4) AS v(p0, c)",
                "INSERT INTO users (id) SELECT p0 FROM (VALUES (1), (2)) AS v")) {
            assertTrue(InsertValues.parse(sql, "id").isEmpty(), sql);
        }
        assertEquals(2, rows("INSERT INTO users (id) SELECT p0" + tail + " ORDER BY v.c DESC NULLS LAST;", "id")
                .rowCount());
    }
}
