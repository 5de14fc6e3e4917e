package io.shardgate.sql.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The shape keys statements reduce to: what is shared, what is kept apart. */
class LiteralNormalizerTest {

    private static ShapeKey key(String sql) {
        return LiteralNormalizer.normalize(sql, 0).key();
    }

    /** The key text with the placeholder shown as {@code ?}. */
    private static String shape(String sql) {
        return key(sql).text().replace(LiteralNormalizer.PLACEHOLDER, '?');
    }

    private static void same(String a, String b) {
        assertEquals(key(a), key(b), a + " / " + b);
    }

    private static void different(String a, String b) {
        assertNotEquals(key(a), key(b), a + " / " + b);
    }

    @Test
    void valueLiteralsBecomePlaceholdersOfTheirClass() {
        assertEquals("SELECT * FROM users WHERE id = ?i", shape("SELECT * FROM users WHERE id = 42"));
        assertEquals("WHERE a = ?l AND b = ?d AND c = ?e AND d = ?x AND e = ?x",
                shape("WHERE a = 2147483648 AND b = 1.5 AND c = 1e3 AND d = 0x1F AND e = 1_000"));
        assertEquals("WHERE a = ?s AND b = ?E AND c = ?$ AND d = ?U AND e = ?B AND f = ?X AND g = ?N",
                shape("WHERE a = 'x' AND b = E'x' AND c = $t$x$t$ AND d = U&'x' AND e = b'1' AND f = X'1F' AND g = n'x'"));
        assertEquals("WHERE id = ?s::int8 AND x IN (?i, ?s)", shape("WHERE id = '42'::int8 AND x IN (1, 'a')"));
    }

    @Test
    void differentValuesShareAShape() {
        same("SELECT * FROM users WHERE id = 5", "SELECT * FROM users WHERE id = 6");
        same("SELECT * FROM users WHERE id = 'a'", "SELECT * FROM users WHERE id = 'it''s'");
        same("SELECT * FROM users WHERE id = E'\\x41'", "SELECT * FROM users WHERE id = E'b'");
        same("SELECT * FROM users WHERE id = 2147483647", "SELECT * FROM users WHERE id = 0000000000012");
        same("SELECT * FROM t WHERE a = -5", "SELECT * FROM t WHERE a = -7");
    }

    @Test
    void whiteSpaceAndCommentsCollapseButTouchingTokensStayApart() {
        same("SELECT *\n  FROM users /* hint */ WHERE id = 5 -- x", "SELECT * FROM users WHERE id = 5");
        same("/* request=1 */ SELECT 1", "/* request=2 */SELECT 1");
        different("SELECT a-5", "SELECT a - 5");
        different("SELECT * FROM users WHERE id = 5", "select * from users where id = 5");
    }

    @Test
    void theFormOfALiteralIsPartOfTheShape() {
        different("SELECT * FROM t WHERE a = 5", "SELECT * FROM t WHERE a = '5'");
        different("SELECT * FROM t WHERE a = 5", "SELECT * FROM t WHERE a = -5");
        different("SELECT * FROM t WHERE a = 5", "SELECT * FROM t WHERE a = 5.0");
        different("SELECT * FROM t WHERE a = 2147483647", "SELECT * FROM t WHERE a = 2147483648");
        different("SELECT * FROM t WHERE a = 'x'", "SELECT * FROM t WHERE a = E'x'");
        different("SELECT * FROM t WHERE a = $1", "SELECT * FROM t WHERE a = $2");
    }

    @Test
    void literalsThatAreNotValuesStayAsWritten() {
        assertEquals("WHERE d > DATE '2024-01-01' AND t > now() - interval '1 day' AND i = int8 '4'",
                shape("WHERE d > DATE '2024-01-01' AND t > now() - interval '1 day' AND i = int8 '4'"));
        assertEquals("SELECT ?s::varchar(20), CAST(?d AS numeric(12, 2)), ?s::timestamp(3)",
                shape("SELECT 'a'::varchar(20), CAST(1.5 AS numeric(12, 2)), 'x'::timestamp(3)"));
        assertEquals("SELECT now() AT TIME ZONE 'UTC', count(?i)", shape("SELECT now() AT TIME ZONE 'UTC', count(1)"));
        assertEquals("SELECT * FROM t TABLESAMPLE SYSTEM (10) REPEATABLE (42)",
                shape("SELECT * FROM t TABLESAMPLE SYSTEM (10) REPEATABLE (42)"));
        different("WHERE d > DATE '2024-01-01'", "WHERE d > DATE '2024-01-02'");
        same("WHERE name LIKE 'a%' AND x = 'b' OR y IN ('c') AND z BETWEEN 'd' AND 'e'",
                "WHERE name LIKE 'q%' AND x = 'r' OR y IN ('s') AND z BETWEEN 't' AND 'u'");
    }

    @Test
    void equalLiteralTextsArePartOfTheShape() {
        assertNull(key("WHERE a IN (1, 2, 3)").sameLiteral());
        assertArrayEquals(new int[] {0, 0, 2}, key("WHERE a IN (1, 1, 2)").sameLiteral());
        different("WHERE a IN (1, 1)", "WHERE a IN (1, 2)");
        same("WHERE a IN (1, 1)", "WHERE a IN (9, 9)");
        // '5' and 5 are both the text 5; -5 (operator and number) offers 5 and -5.
        assertArrayEquals(new int[] {0, 0}, key("WHERE a = 5 AND b = '5'").sameLiteral());
        assertArrayEquals(new String[] {"5", "-5", "-5"},
                LiteralNormalizer.normalize("WHERE a = -5 AND b = '-5'", 0).literalTexts());
        assertArrayEquals(new int[] {0, 1, 1}, key("WHERE a = -5 AND b = '-5'").sameLiteral());
    }

    @Test
    void manyLiteralsAreComparedByHashing() {
        StringBuilder sql = new StringBuilder("INSERT INTO t VALUES ");
        for (int i = 0; i < 40; i++) {
            sql.append(i == 0 ? "" : ", ").append('(').append(i % 30).append(')');
        }
        int[] same = key(sql.toString()).sameLiteral();
        assertEquals(40, same.length);
        assertEquals(31, same[31] + 30);
        assertEquals(39, same[39] + 30);
        assertEquals(29, same[29]);
    }

    @Test
    void theCatalogVersionIsPartOfTheKey() {
        assertNotEquals(LiteralNormalizer.normalize("SELECT 1", 1).key(), LiteralNormalizer.normalize("SELECT 1", 2).key());
    }

    @Test
    void statementsThatAreNotCachedReturnNull() {
        assertNull(LiteralNormalizer.normalize("SELECT * FROM users WHERE id = 'open", 0));
        assertNull(LiteralNormalizer.normalize("SELECT 1 /* open", 0));
        assertNull(LiteralNormalizer.normalize("SELECT \u0001i", 0));
    }
}
