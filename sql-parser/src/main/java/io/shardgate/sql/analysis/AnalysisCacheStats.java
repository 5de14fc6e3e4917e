package io.shardgate.sql.analysis;

/**
 * Counters of a {@link CachingAnalyzer} since it was created.
 *
 * @param hits      lookups answered from the cache
 * @param misses    lookups that ran the analyzer (including those whose result could not be cached)
 * @param evictions entries dropped to stay within the maximum size (not those dropped by invalidation)
 * @param uncached  statements analysed without the cache: longer than the cacheable length, ending inside a
 *                  string, quoted identifier or comment, or (never expected) an analysis that is not a shape
 * @param entries   the approximate number of entries now cached
 */
public record AnalysisCacheStats(long hits, long misses, long evictions, long uncached, long entries) {

    /** Hits as a fraction of lookups; 0 before the first lookup. */
    public double hitRate() {
        long lookups = hits + misses;
        return lookups == 0 ? 0.0 : (double) hits / lookups;
    }
}
