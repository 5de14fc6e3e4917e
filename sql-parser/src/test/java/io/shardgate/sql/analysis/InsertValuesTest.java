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
}
