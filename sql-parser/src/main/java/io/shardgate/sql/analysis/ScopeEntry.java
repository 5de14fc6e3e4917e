package io.shardgate.sql.analysis;

import java.util.List;

/**
 * One named item of a FROM clause (or a DML target) inside a {@link QueryScope}: a base table, or a
 * derived table / CTE reference / table function ({@code table == null}). Identity-based on purpose:
 * a table referenced twice is two entries.
 */
final class ScopeEntry {

    final QueryScope scope;
    final TableRef table;
    final String qualifier;
    final String keyColumn;
    /** Set for entries whose key values are fixed by the statement itself (INSERT rows); {@code fixedValues == null} means unknown. */
    boolean fixed;
    List<KeyValue> fixedValues;
    /** For an INSERT target whose key comes from a selected table's shard key: that table's entry. */
    ScopeEntry keySource;
    /** On the null-extended side of an outer join: the block's rows need not contain a row of it. */
    boolean optional;
    /** For a derived table, CTE reference or table function: the scopes ({@code [from, to)} in creation order) it reads. */
    int scopesFrom = -1;
    int scopesTo = -1;
    /** For {@code (VALUES ...) AS name(columns)}: the VALUES call and its column names. */
    org.apache.calcite.sql.SqlCall values;
    List<String> valuesColumns;

    ScopeEntry(QueryScope scope, TableRef table, String qualifier, String keyColumn) {
        this.scope = scope;
        this.table = table;
        this.qualifier = qualifier;
        this.keyColumn = keyColumn;
    }

    void fix(List<KeyValue> values) {
        fixed = true;
        fixedValues = values;
    }

    /** Whether the column qualifier {@code [schema.]name} refers to this entry. */
    boolean matches(List<String> qualifierParts) {
        if (qualifierParts.size() == 1) {
            return qualifierParts.get(0).equals(qualifier);
        }
        return qualifierParts.size() == 2 && table != null && table.alias() == null && table.schema() != null
                && qualifierParts.get(0).equals(table.schema()) && qualifierParts.get(1).equals(table.name());
    }
}
