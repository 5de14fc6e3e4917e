package io.shardgate.sql.analysis;

/** A column of one {@link ScopeEntry}: the unit the constraint solver reasons about. */
record ColumnKey(ScopeEntry entry, String column) {
}
