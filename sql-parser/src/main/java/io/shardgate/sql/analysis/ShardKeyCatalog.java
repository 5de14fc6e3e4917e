package io.shardgate.sql.analysis;

import java.util.Optional;

/** Tells the analyzer which tables are sharded and by which column. */
@FunctionalInterface
public interface ShardKeyCatalog {

    /**
     * The shard key column of a table, or empty when the table is not sharded. The name is passed as it
     * appears in {@link TableRef#name()}: folded to lower case unless it was quoted. The returned column
     * name is compared exactly with the statement's (folded) column names.
     */
    Optional<String> shardKeyColumn(String lowercaseTableName);

    /**
     * A number that changes whenever the answers of {@link #shardKeyColumn} change; {@link CachingAnalyzer}
     * keys its entries by it, so an analysis made under an older catalog is never reused. A catalog must make
     * its new answers visible before it returns the new number (read one immutable snapshot holding both,
     * e.g. a topology and its version). The default, 0, declares a catalog that never changes.
     */
    default long version() {
        return 0L;
    }

    /** A catalog in which no table is sharded. */
    static ShardKeyCatalog none() {
        return table -> Optional.empty();
    }
}
