package io.shardgate.sql.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: for any statement, the cached analysis equals the uncached one, whatever its literal values. Each
 * statement of the corpus and of {@link #HAND_WRITTEN} is analysed with many random literal values, through
 * one shared cache (so most variants are hits re-instantiating a shape made from other values) and directly.
 */
class CachingAnalyzerEquivalenceTest {

    private static final int ROUNDS = 25;

    /** Shapes chosen for their literals: signs, casts, quoting forms, duplicates, literals that are not values. */
    static final List<String> HAND_WRITTEN = List.of(
            "SELECT * FROM users WHERE id = 42",
            "SELECT * FROM users WHERE id = -5",
            "SELECT * FROM users WHERE id = - 5",
            "SELECT * FROM users WHERE id = +5",
            "SELECT * FROM users WHERE id IN (1, 2, 3)",
            "SELECT * FROM users WHERE id IN (1, 1, 2)",
            "SELECT * FROM users WHERE id IN (5, 6) AND id IN (7, 7)",
            "SELECT * FROM users WHERE id IN (-1, 1, '-1')",
            "SELECT * FROM users WHERE id = 3 AND id = '3'",
            "SELECT * FROM users WHERE id = '42'::int8",
            "SELECT * FROM users WHERE id = 42::int8 AND name = 'a'::varchar(20) AND total = 1.5::numeric(12, 2)",
            "SELECT * FROM users WHERE id = CAST('42' AS bigint)",
            "SELECT * FROM users WHERE id = E'4\\x32'",
            "SELECT * FROM users WHERE id = $$42$$ OR FALSE",
            "SELECT * FROM users WHERE id = $q$42$q$",
            "SELECT * FROM users WHERE id = U&'\\0034\\0032'",
            "SELECT * FROM users WHERE id = N'42'",
            "SELECT * FROM users WHERE id = B'101'",
            "SELECT * FROM users WHERE id = X'1F'",
            "SELECT * FROM users WHERE id = ANY(ARRAY[1, 2, -3])",
            "SELECT * FROM users WHERE id IN (0x1F, 1_000, 31, 1e3, 5.0, 2147483648)",
            "SELECT * FROM users WHERE id = 5 AND created_at > DATE '2024-01-01'"
                    + " AND updated_at > now() - interval '1 day' AND last_login < TIMESTAMP '2024-01-01 10:00:00'",
            "SELECT * FROM users WHERE id = interval '1 day'",
            "SELECT * FROM users WHERE id = DATE '2024-01-01'",
            "SELECT * FROM users WHERE id = int8 '42'",
            "SELECT * FROM users WHERE id = 5 AND name LIKE 'a%' LIMIT 10 OFFSET 20",
            "SELECT * FROM users WHERE id = 5 FETCH FIRST 3 ROWS ONLY",
            "SELECT * FROM users u JOIN orders o ON o.user_id = u.id WHERE u.id = 7 AND o.total > 100.5",
            "SELECT * FROM users u JOIN orders o ON o.user_id = u.id WHERE u.id = 7 AND o.user_id = 8",
            "SELECT * FROM users WHERE (tenant_id, id) IN ((1, 2), (3, 4))",
            "SELECT * FROM users WHERE id = 5 FOR UPDATE",
            "SELECT * FROM users WHERE id = 5 AND created_at AT TIME ZONE 'UTC' > '2024-01-01'",
            "SELECT * FROM users WHERE id = 5 AND name = 'a' COLLATE \"C\"",
            "SELECT * FROM users WHERE id BETWEEN 1 AND 5",
            "SELECT * FROM users WHERE id = 'x'\n'y'",
            "SELECT * FROM users TABLESAMPLE SYSTEM (10) REPEATABLE (42) WHERE id = 5",
            "SELECT * FROM users WHERE id = 5 AND tags[2] = 'x' AND profile @> '{\"a\": 1}'",
            "SELECT * FROM users WHERE id = 5 AND profile ->> 'k' = 'v'",
            "select * from users where id=? and tenant_id=5",
            "SELECT * FROM users WHERE id = $1 AND name = 'x'",
            "SELECT * FROM users WHERE id IN ($2, 5, $1)",
            "SELECT * FROM users WHERE id = ANY($3::int8[]) AND tenant_id = 9",
            "WITH x AS (SELECT * FROM users WHERE id = 5) SELECT * FROM x JOIN orders o ON o.user_id = 5",
            "SELECT * FROM orders WHERE user_id = 5 AND EXISTS"
                    + " (SELECT 1 FROM users u WHERE u.id = orders.user_id AND u.id = 6)",
            "SELECT * FROM users WHERE id = 1; SELECT 2",
            "/* app=checkout,request=1234 */ SELECT * FROM users WHERE id = 5 -- trailing",
            "INSERT INTO users (id, name) VALUES (1, 'a'), (2, 'b'), (1, 'c')",
            "INSERT INTO events (tenant_id, kind) VALUES (-1, 'x') ON CONFLICT DO NOTHING",
            "INSERT INTO settings (tenant_id, key, value) VALUES (3, 'k', 'v')"
                    + " ON CONFLICT (tenant_id, key) DO UPDATE SET value = EXCLUDED.value",
            "UPDATE users SET name = 'n', version = version + 1 WHERE id = 9 RETURNING id",
            "UPDATE accounts SET balance = balance - 10.00 WHERE id = 4 AND balance >= 10.00",
            "DELETE FROM accounts WHERE id IN (-1, 1)",
            "DELETE FROM order_items WHERE tenant_id = 8 AND id = 1",
            "MERGE INTO accounts a USING (VALUES (1)) v(id) ON a.id = v.id WHEN MATCHED THEN UPDATE SET balance = 0",
            "EXPLAIN SELECT * FROM users WHERE id = 12",
            "COPY (SELECT * FROM users WHERE id = 12) TO STDOUT",
            "SET statement_timeout = 5000",
            "SET search_path TO 'app'",
            "SELECT 1",
            "SELECT * FROM users WHERE id = 'unterminated");

    private final StatementAnalyzer direct = TestCatalog.ANALYZER;

    @Test
    void corpusStatementsWithRandomLiterals() throws IOException {
        List<String> statements = new ArrayList<>();
        for (SqlCorpus.Entry e : SqlCorpus.statements()) {
            statements.add(e.sql());
        }
        CachingAnalyzer cached = new CachingAnalyzer(TestCatalog.CATALOG);
        check(cached, statements, new RandomLiterals(1));
        AnalysisCacheStats stats = cached.stats();
        System.out.println("corpus with random literals: " + stats);
        assertEquals(0, stats.uncached(), "every corpus statement is cacheable");
        assertTrue(stats.hitRate() > 0.5, stats.toString());
    }

    @Test
    void handWrittenStatementsWithRandomLiterals() {
        CachingAnalyzer cached = new CachingAnalyzer(TestCatalog.CATALOG);
        check(cached, HAND_WRITTEN, new RandomLiterals(2));
        AnalysisCacheStats stats = cached.stats();
        System.out.println("hand-written with random literals: " + stats);
        assertTrue(stats.hitRate() > 0.4, stats.toString());
    }

    @Test
    void aTinyCacheUnderEvictionStaysCorrect() {
        CachingAnalyzer cached = new CachingAnalyzer(TestCatalog.CATALOG, 3);
        check(cached, HAND_WRITTEN.subList(0, 20), new RandomLiterals(3));
    }

    @Test
    void mangledStatementsWithRandomLiterals() {
        Random random = new Random(4);
        String inserts = "'\"$();,.:*/-[]0123456789eE+_ \n";
        List<String> mangled = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            StringBuilder sb = new StringBuilder(HAND_WRITTEN.get(random.nextInt(HAND_WRITTEN.size())));
            for (int e = 1 + random.nextInt(3); e > 0 && sb.length() > 0; e--) {
                int at = random.nextInt(sb.length());
                switch (random.nextInt(3)) {
                    case 0 -> sb.deleteCharAt(at);
                    case 1 -> sb.insert(at, inserts.charAt(random.nextInt(inserts.length())));
                    default -> sb.setCharAt(at, inserts.charAt(random.nextInt(inserts.length())));
                }
            }
            mangled.add(sb.toString());
        }
        CachingAnalyzer cached = new CachingAnalyzer(TestCatalog.CATALOG);
        RandomLiterals literals = new RandomLiterals(5);
        for (String sql : mangled) {
            for (int round = 0; round < 4; round++) {
                String variant = round == 0 ? sql : literals.rewrite(sql);
                assertEquals(direct.analyze(variant), cached.analyze(variant), variant);
            }
        }
    }

    private void check(CachingAnalyzer cached, List<String> statements, RandomLiterals literals) {
        for (String sql : statements) {
            for (int round = 0; round < ROUNDS; round++) {
                String variant = round == 0 ? sql : literals.rewrite(sql);
                assertEquals(direct.analyze(variant), cached.analyze(variant), variant);
            }
        }
    }
}
