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
 * @param crossShard    why running the statement on several shards, each on its own rows, and concatenating
 *                      their answers (rows, row counts) would differ from one database holding all rows; null when
 *                      it would not (every sharded table is joined to the others on the shard key, no query block
 *                      returns rows that no sharded table restricts, inserted keys come from selected keys)
 * @param writtenTables the tables the statement writes (INSERT INTO, UPDATE, DELETE FROM, MERGE INTO, at any
 *                      depth: data-modifying CTEs included), names as in {@link TableRef#name()}
 * @param command       the statement's first keyword in lower case ({@code select}, {@code lock}, {@code prepare}...),
 *                      or empty
 * @param tableSample   whether the statement samples a table ({@code TABLESAMPLE}), which PostgreSQL does on tables only
 */
public record Analysis(StatementKind kind, List<TableRef> tables, List<Integer> parameters, boolean parsed,
                       boolean unterminated, Map<String, List<KeyValue>> shardKeyValuesByTable, String crossShard,
                       List<String> writtenTables, String command, boolean tableSample) {

    public Analysis {
        tables = List.copyOf(tables);
        parameters = List.copyOf(parameters);
        shardKeyValuesByTable = Map.copyOf(shardKeyValuesByTable);
        writtenTables = List.copyOf(writtenTables);
        command = command == null ? "" : command;
    }

    /** An analysis without cross-shard reasoning, written tables or command (as older callers made them). */
    public Analysis(StatementKind kind, List<TableRef> tables, List<Integer> parameters, boolean parsed,
                    boolean unterminated, Map<String, List<KeyValue>> shardKeyValuesByTable) {
        this(kind, tables, parameters, parsed, unterminated, shardKeyValuesByTable,
                "the statement was not analysed for running shard by shard", List.of(), "", false);
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
