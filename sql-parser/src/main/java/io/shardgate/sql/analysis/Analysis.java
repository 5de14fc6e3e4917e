package io.shardgate.sql.analysis;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the router needs to know about one statement.
 *
 * @param kind          what the statement does
 * @param tables        every table referenced, at any depth, in order of appearance (CTE names excluded)
 * @param parameters    the distinct {@code $n} indexes used, ascending
 * @param parsed        whether Calcite parsed the statement; when false, kind, tables and key values come from
 *                      tokens alone, and key values only where the tokens prove them
 * @param unterminated  whether the text ends inside a string, quoted identifier, dollar quote or comment
 * @param shardKeyValuesByTable for each sharded table whose rows the statement can touch only at known key
 *                      values, those values; tables absent here are unknown (all shards)
 */
public record Analysis(StatementKind kind, List<TableRef> tables, List<Integer> parameters, boolean parsed,
                       boolean unterminated, Map<String, List<KeyValue>> shardKeyValuesByTable) {

    public Analysis {
        tables = List.copyOf(tables);
        parameters = List.copyOf(parameters);
        shardKeyValuesByTable = Map.copyOf(shardKeyValuesByTable);
    }

    /**
     * The shard key values every row of {@code table} the statement can touch is restricted to (the
     * statement reads or writes that table's rows only where the key is one of these), or empty when
     * unknown, when the table is not sharded or when the statement does not reference it.
     *
     * @param table the table name as in {@link TableRef#name()}
     */
    public Optional<List<KeyValue>> shardKeyValues(String table) {
        return Optional.ofNullable(shardKeyValuesByTable.get(table));
    }
}
