package io.shardgate.sql.analysis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link StatementAnalyzer} behind a bounded cache of statement shapes, so the Calcite parse runs once per
 * shape rather than once per statement. Returns exactly what {@link StatementAnalyzer#analyze(String)} would;
 * never throws; thread-safe.
 *
 * <p>The key is the statement with value literals replaced by placeholders and white space and comments
 * collapsed ({@link LiteralNormalizer}): {@code WHERE id = 5} and {@code WHERE id = 6} share an entry. A hit
 * costs one lexing pass, one map lookup and the re-instantiation of the cached shape with this statement's
 * literals ({@link AnalysisShape}): a literal key value is always this statement's, never the cached one.
 *
 * <p>Catalog changes: the key includes {@link ShardKeyCatalog#version()}, read before each analysis, so entries
 * made under another catalog version are never used; when the version changes the cache is also emptied.
 * A catalog without versions keeps version 0; its owner calls {@link #invalidateAll()} after changing it.
 *
 * <p>Not cached (counted as {@code uncached}): statements longer than {@link #MAXIMUM_CACHED_LENGTH}
 * characters (bulk inserts; they rarely repeat and would hold memory), and statements ending inside a
 * string, quoted identifier or comment.
 */
public final class CachingAnalyzer {

    /** The default maximum number of cached shapes. */
    public static final int DEFAULT_MAXIMUM_ENTRIES = 10_000;
    /** Longer statements are analysed without the cache. */
    public static final int MAXIMUM_CACHED_LENGTH = 16 * 1024;

    private final ShardKeyCatalog catalog;
    private final StatementAnalyzer analyzer;
    private final Cache<ShapeKey, AnalysisShape> cache;
    private final LongAdder uncached = new LongAdder();
    private volatile long catalogVersion;

    /** A cache of at most {@link #DEFAULT_MAXIMUM_ENTRIES} shapes. */
    public CachingAnalyzer(ShardKeyCatalog catalog) {
        this(catalog, DEFAULT_MAXIMUM_ENTRIES);
    }

    /** A cache of at most {@code maximumEntries} shapes (0 caches nothing). */
    public CachingAnalyzer(ShardKeyCatalog catalog, int maximumEntries) {
        if (maximumEntries < 0) {
            throw new IllegalArgumentException("maximumEntries must not be negative: " + maximumEntries);
        }
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.analyzer = new StatementAnalyzer(catalog);
        this.cache = Caffeine.newBuilder().maximumSize(maximumEntries).recordStats().build();
        this.catalogVersion = catalog.version();
    }

    /** Analyses one statement as {@link StatementAnalyzer#analyze(String)} does, from the cache when its shape is known. */
    public Analysis analyze(String sql) {
        String text = sql == null ? "" : sql;
        if (text.length() > MAXIMUM_CACHED_LENGTH) {
            uncached.increment();
            return analyzer.analyze(text);
        }
        NormalizedStatement statement;
        try {
            statement = LiteralNormalizer.normalize(text, currentCatalogVersion());
        } catch (RuntimeException e) {
            statement = null;
        }
        if (statement == null) {
            uncached.increment();
            return analyzer.analyze(text);
        }
        AnalysisShape shape = cache.getIfPresent(statement.key());
        if (shape != null) {
            return shape.bind(statement.literalTexts());
        }
        // Analysed outside the cache's lock: a miss can take milliseconds; two threads may both analyse one new shape.
        Analysis analysis = analyzer.analyze(text, statement.tokens());
        AnalysisShape fresh = analysis.unterminated() ? null : AnalysisShape.of(analysis, statement.literalTexts());
        if (fresh == null) {
            uncached.increment();
        } else {
            cache.put(statement.key(), fresh);
        }
        return analysis;
    }

    /** Drops every cached shape, e.g. after a catalog without {@link ShardKeyCatalog#version() versions} changed. */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    /** The counters so far. */
    public AnalysisCacheStats stats() {
        CacheStats s = cache.stats();
        return new AnalysisCacheStats(s.hitCount(), s.missCount(), s.evictionCount(), uncached.sum(),
                cache.estimatedSize());
    }

    /** Runs pending cache maintenance (evictions) now, for tests that count entries. */
    void cleanUp() {
        cache.cleanUp();
    }

    private long currentCatalogVersion() {
        long version = catalog.version();
        if (version != catalogVersion) {
            // Entries of other versions can never be hit again; free them rather than wait for eviction.
            catalogVersion = version;
            cache.invalidateAll();
        }
        return version;
    }
}
