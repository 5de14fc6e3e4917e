package io.shardgate.sql.analysis;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The analyzer must return an answer, never throw, for any input. */
class AnalyzerFuzzTest {

    private static final List<String> SEEDS = List.of(
            "SELECT * FROM users u JOIN orders o ON o.user_id = u.id WHERE u.id = $1 AND o.x IN (1, 2)",
            "INSERT INTO users (id, name) VALUES ($1, 'a''b'), (2, E'x\\'y') ON CONFLICT (id) DO UPDATE SET name = 1 RETURNING id",
            "WITH x AS (DELETE FROM t WHERE a = ANY($1::int[]) RETURNING *) UPDATE users SET a = (SELECT 1 FROM x) WHERE id = $2",
            "MERGE INTO accounts a USING (VALUES (1)) v(id) ON a.id = v.id WHEN MATCHED THEN UPDATE SET b = 1",
            "SELECT $$a$$, $t$b$t$, U&'\\0041', \"q\"\"x\", B'01' /* c /* d */ */ FROM ONLY s.t -- e");

    @Test
    void randomGarbageNeverThrows() {
        Random random = new Random(7);
        String alphabet = "'\"$-/*;()[],.:=<>!@#%^&|?+ \n\t0123456789abcxyzEUBX"
                + " SELECT FROM WHERE AND OR IN ANY JOIN ON INTO VALUES UPDATE SET WITH AS CAST ";
        for (int round = 0; round < 1500; round++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(80);
            for (int i = 0; i < n; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            check(sb.toString());
        }
    }

    @Test
    void mutatedStatementsNeverThrow() {
        Random random = new Random(11);
        String inserts = "'\"$();,.:*/-[]";
        for (int round = 0; round < 1500; round++) {
            StringBuilder sb = new StringBuilder(SEEDS.get(random.nextInt(SEEDS.size())));
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits && sb.length() > 0; e++) {
                int at = random.nextInt(sb.length());
                switch (random.nextInt(3)) {
                    case 0 -> sb.setLength(at);
                    case 1 -> sb.deleteCharAt(at);
                    default -> sb.insert(at, inserts.charAt(random.nextInt(inserts.length())));
                }
            }
            check(sb.toString());
        }
    }

    @Test
    void pathologicalInputs() {
        check(null);
        check("(".repeat(20_000) + "SELECT 1" + ")".repeat(20_000));
        check("SELECT " + "1 + ".repeat(5_000) + "1");
        check("SELECT * FROM t WHERE " + "a = 1 AND ".repeat(2_000) + "id = 1");
        check("\u0000\uFFFF\uD800");
    }

    private static void check(String sql) {
        Analysis a = TestCatalog.ANALYZER.analyze(sql);
        assertNotNull(a.kind(), sql);
        assertNotNull(a.tables(), sql);
        assertNotNull(a.parameters(), sql);
    }
}
