package io.shardgate.sql.analysis;

import static io.shardgate.sql.analysis.KeyValues.array;
import static io.shardgate.sql.analysis.KeyValues.lit;
import static io.shardgate.sql.analysis.KeyValues.param;
import static io.shardgate.sql.analysis.KeyValues.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The analysis cache: counting, sharing, bounds, invalidation, rebinding and concurrency. */
class CachingAnalyzerTest {

    private final CachingAnalyzer cache = new CachingAnalyzer(TestCatalog.CATALOG);

    private void assertStats(long hits, long misses, long uncached) {
        AnalysisCacheStats s = cache.stats();
        assertEquals(List.of(hits, misses, uncached), List.of(s.hits(), s.misses(), s.uncached()), s.toString());
    }

    @Test
    void countsHitsAndMisses() {
        assertEquals(new AnalysisCacheStats(0, 0, 0, 0, 0), cache.stats());
        assertEquals(0.0, cache.stats().hitRate());
        cache.analyze("SELECT * FROM users WHERE id = 1");
        assertStats(0, 1, 0);
        cache.analyze("SELECT * FROM users WHERE id = 1");
        cache.analyze("SELECT * FROM users WHERE id = 2");
        assertStats(2, 1, 0);
        cache.analyze("SELECT * FROM orders WHERE user_id = 2");
        assertStats(2, 2, 0);
        assertEquals(2, cache.stats().entries());
        assertEquals(0.5, cache.stats().hitRate());
    }

    @Test
    void statementsDifferingOnlyInLiteralsShareOneEntryButKeepTheirOwnValues() {
        Analysis five = cache.analyze("SELECT * FROM users WHERE id = 5");
        Analysis six = cache.analyze("SELECT * FROM users WHERE id = 6");
        Analysis text = cache.analyze("SELECT   * FROM users WHERE id = 6 -- again");
        assertEquals(values(lit("5")), five.shardKeyValues("users"));
        assertEquals(values(lit("6")), six.shardKeyValues("users"));
        assertEquals(values(lit("6")), text.shardKeyValues("users"));
        assertStats(2, 1, 0);
        assertEquals(1, cache.stats().entries());
    }

    @Test
    void rebindsEveryLiteralForm() {
        cache.analyze("SELECT * FROM users WHERE id IN (1, 2, 3)");
        assertEquals(values(lit("7"), lit("8"), lit("9")),
                cache.analyze("SELECT * FROM users WHERE id IN (7, 8, 9)").shardKeyValues("users"));
        cache.analyze("SELECT * FROM users WHERE id = -5");
        assertEquals(values(lit("-7")), cache.analyze("SELECT * FROM users WHERE id = -7").shardKeyValues("users"));
        cache.analyze("SELECT * FROM users WHERE id = '42'::int8");
        assertEquals(values(lit("43")), cache.analyze("SELECT * FROM users WHERE id = '43'::int8").shardKeyValues("users"));
        cache.analyze("SELECT * FROM users WHERE id = E'a\\tb'");
        assertEquals(values(lit("x'y")), cache.analyze("SELECT * FROM users WHERE id = E'x\\'y'").shardKeyValues("users"));
        cache.analyze("SELECT * FROM users WHERE id = 0x10");
        assertEquals(values(lit("31")), cache.analyze("SELECT * FROM users WHERE id = 0x1F").shardKeyValues("users"));
        cache.analyze("INSERT INTO users (id, name) VALUES (1, 'a'), (2, 'b')");
        assertEquals(values(lit("3"), lit("4")),
                cache.analyze("INSERT INTO users (id, name) VALUES (3, 'c'), (4, 'd')").shardKeyValues("users"));
        assertStats(6, 6, 0);
    }

    @Test
    void typedLiteralsAndNegativeNumbersKeepCorrectValues() {
        String dated = "SELECT * FROM users WHERE id = %s AND created_at > DATE '%s' AND updated_at > now() - interval '%s'";
        Analysis a = cache.analyze(dated.formatted("1", "2024-01-01", "1 day"));
        Analysis b = cache.analyze(dated.formatted("2", "2024-01-01", "1 day"));
        Analysis c = cache.analyze(dated.formatted("3", "2025-06-30", "2 days"));
        assertEquals(values(lit("1")), a.shardKeyValues("users"));
        assertEquals(values(lit("2")), b.shardKeyValues("users"));
        assertEquals(values(lit("3")), c.shardKeyValues("users"));
        assertStats(1, 2, 0);
        // -5 and 5 are different shapes (an operator more); '-5' is the same text as -5.
        assertEquals(values(lit("5")), cache.analyze("SELECT * FROM users WHERE id = 5").shardKeyValues("users"));
        assertEquals(values(lit("-5")), cache.analyze("SELECT * FROM users WHERE id = -5").shardKeyValues("users"));
        assertEquals(values(lit("-5")), cache.analyze("SELECT * FROM users WHERE id IN (-5, '-5')").shardKeyValues("users"));
        assertEquals(values(lit("-5"), lit("-6")),
                cache.analyze("SELECT * FROM users WHERE id IN (-5, '-6')").shardKeyValues("users"));
    }

    @Test
    void literalEqualitiesThatChangeTheAnalysisAreDifferentShapes() {
        assertEquals(values(lit("5"), lit("6")),
                cache.analyze("SELECT * FROM users WHERE id IN (5, 6) AND id IN (7, 8)").shardKeyValues("users"));
        // Had this reused the entry above, it would answer (1, 2); the smaller set is (3).
        assertEquals(values(lit("3")),
                cache.analyze("SELECT * FROM users WHERE id IN (1, 2) AND id IN (3, 3)").shardKeyValues("users"));
        assertEquals(values(lit("9")),
                cache.analyze("SELECT * FROM users WHERE id IN (9, 9)").shardKeyValues("users"));
        assertStats(0, 3, 0);
    }

    @Test
    void parametersKeepTheirIndexes() {
        Analysis first = cache.analyze("SELECT * FROM users WHERE id IN ($2, 5, $1) AND name = 'a'");
        Analysis second = cache.analyze("SELECT * FROM users WHERE id IN ($2, 6, $1) AND name = 'b'");
        assertEquals(values(param(2), lit("5"), param(1)), first.shardKeyValues("users"));
        assertEquals(values(param(2), lit("6"), param(1)), second.shardKeyValues("users"));
        assertEquals(List.of(1, 2), second.parameters());
        Analysis any = cache.analyze("SELECT * FROM users WHERE id = ANY($3::int8[]) AND tenant_id = 7");
        assertEquals(values(array(3)), any.shardKeyValues("users"));
        Analysis renumbered = cache.analyze("SELECT * FROM users WHERE id = ANY($4::int8[]) AND tenant_id = 7");
        assertEquals(values(array(4)), renumbered.shardKeyValues("users"));
        assertEquals(List.of(4), renumbered.parameters());
        assertStats(1, 3, 0);
    }

    @Test
    void aShapeWithoutLiteralKeysIsReturnedAsCached() {
        Analysis first = cache.analyze("SELECT * FROM users WHERE id = $1 LIMIT 10");
        assertSame(first, cache.analyze("SELECT * FROM users WHERE id = $1 LIMIT 20"));
    }

    @Test
    void staysWithinItsMaximumSize() {
        CachingAnalyzer small = new CachingAnalyzer(TestCatalog.CATALOG, 10);
        for (int i = 0; i < 200; i++) {
            small.analyze("SELECT c" + i + " FROM users WHERE id = " + i);
        }
        small.cleanUp();
        AnalysisCacheStats s = small.stats();
        assertTrue(s.entries() <= 10, s.toString());
        assertEquals(200, s.misses());
        assertTrue(s.evictions() >= 190, s.toString());
        CachingAnalyzer none = new CachingAnalyzer(TestCatalog.CATALOG, 0);
        none.analyze("SELECT 1");
        none.cleanUp();
        none.analyze("SELECT 1");
        none.cleanUp();
        assertEquals(0, none.stats().entries());
        assertEquals(0, none.stats().hits());
        assertThrows(IllegalArgumentException.class, () -> new CachingAnalyzer(TestCatalog.CATALOG, -1));
    }

    @Test
    void invalidateAllForgetsEveryShape() {
        cache.analyze("SELECT * FROM users WHERE id = 1");
        cache.analyze("SELECT * FROM orders WHERE user_id = 1");
        cache.invalidateAll();
        cache.cleanUp();
        assertEquals(0, cache.stats().entries());
        cache.analyze("SELECT * FROM users WHERE id = 2");
        assertStats(0, 3, 0);
        assertEquals(0, cache.stats().evictions());
    }

    /** A catalog whose sharded tables change at run time, with a version as {@link ShardKeyCatalog#version()} asks. */
    private static final class MutableCatalog implements ShardKeyCatalog {
        private volatile Map<String, String> keys = Map.of("users", "id");
        private volatile long version = 1;

        @Override
        public Optional<String> shardKeyColumn(String table) {
            return Optional.ofNullable(keys.get(table));
        }

        @Override
        public long version() {
            return version;
        }

        void change(Map<String, String> next) {
            keys = next;
            version++;
        }
    }

    @Test
    void aNewCatalogVersionIsNeverAnsweredFromOldEntries() {
        MutableCatalog catalog = new MutableCatalog();
        CachingAnalyzer versioned = new CachingAnalyzer(catalog);
        String sql = "SELECT * FROM users u JOIN orders o ON o.user_id = u.id WHERE u.id = 5";
        assertEquals(Optional.empty(), versioned.analyze(sql).shardKeyValues("orders"));
        catalog.change(Map.of("users", "id", "orders", "user_id"));
        Analysis after = versioned.analyze(sql);
        assertEquals(values(lit("5")), after.shardKeyValues("orders"));
        assertEquals(new StatementAnalyzer(catalog).analyze(sql), after);
        assertEquals(0, versioned.stats().hits());
        versioned.cleanUp();
        assertEquals(1, versioned.stats().entries(), "the old version's entry was dropped");
    }

    @Test
    void aCatalogWithoutVersionsIsRefreshedByInvalidateAll() {
        Map<String, String> keys = new java.util.concurrent.ConcurrentHashMap<>(Map.of("users", "id"));
        ShardKeyCatalog catalog = table -> Optional.ofNullable(keys.get(table));
        CachingAnalyzer unversioned = new CachingAnalyzer(catalog);
        String sql = "SELECT * FROM orders WHERE user_id = 5";
        assertEquals(Optional.empty(), unversioned.analyze(sql).shardKeyValues("orders"));
        keys.put("orders", "user_id");
        unversioned.invalidateAll();
        assertEquals(values(lit("5")), unversioned.analyze(sql).shardKeyValues("orders"));
    }

    @Test
    void statementsThatAreNotCachedAreStillAnalysed() {
        String unterminated = "SELECT * FROM users WHERE id = 'open";
        assertEquals(TestCatalog.ANALYZER.analyze(unterminated), cache.analyze(unterminated));
        String huge = "SELECT * FROM users WHERE id = 1 AND name IN ('" + "x".repeat(CachingAnalyzer.MAXIMUM_CACHED_LENGTH) + "')";
        assertEquals(TestCatalog.ANALYZER.analyze(huge), cache.analyze(huge));
        assertEquals(TestCatalog.ANALYZER.analyze(null), cache.analyze(null));
        assertEquals(TestCatalog.ANALYZER.analyze("SELECT \u0001"), cache.analyze("SELECT \u0001"));
        assertStats(0, 1, 3);
    }

    @Test
    void manyThreadsAnalysingConcurrentlyGetTheUncachedAnswers() throws Exception {
        CachingAnalyzer shared = new CachingAnalyzer(TestCatalog.CATALOG, 16);
        List<String> shapes = CachingAnalyzerEquivalenceTest.HAND_WRITTEN.subList(0, 24);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = 100 + t;
                results.add(pool.submit(() -> {
                    RandomLiterals literals = new RandomLiterals(seed);
                    int checked = 0;
                    for (int round = 0; round < 10; round++) {
                        for (String sql : shapes) {
                            String variant = literals.rewrite(sql);
                            assertEquals(TestCatalog.ANALYZER.analyze(variant), shared.analyze(variant), variant);
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(2, TimeUnit.MINUTES);
            }
            assertEquals(threads * 10 * shapes.size(), total);
        } finally {
            pool.shutdownNow();
        }
        shared.cleanUp();
        AnalysisCacheStats s = shared.stats();
        assertTrue(s.hits() > 0 && s.evictions() > 0 && s.entries() <= 16, s.toString());
    }
}
