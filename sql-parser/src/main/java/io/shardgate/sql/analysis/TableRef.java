package io.shardgate.sql.analysis;

/**
 * A table a statement references: optional schema, name and alias, folded to lower case unless quoted.
 * CTE and derived-table names are not table references.
 */
public record TableRef(String schema, String name, String alias) {

    public static TableRef of(String name) {
        return new TableRef(null, name, null);
    }

    /** The name the statement uses to qualify this table's columns: the alias if there is one, else the name. */
    public String qualifier() {
        return alias != null ? alias : name;
    }
}
