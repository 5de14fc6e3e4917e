package io.shardgate.sql.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs every statement of the shared corpus of application SQL through the analyzer. */
class CorpusTest {

    private static final Pattern CREATE_TABLE = Pattern.compile("(?i)CREATE TABLE (\"?)(\\w+)\\1\\s*\\(");
    private static final Pattern TABLE_POSITION = Pattern.compile(
            "(?i)\\b(?:from|join|into|update|using|table)\\s+(?:only\\s+)?(?:\"?\\w+\"?\\.)?(\"?)(\\w+)\\1");

    /** The tables schema.sql creates, as the analyzer names them (unquoted folded, quoted kept). */
    private static Set<String> schemaTables() throws IOException {
        Set<String> names = new HashSet<>();
        Matcher m = CREATE_TABLE.matcher(Files.readString(SqlCorpus.DIRECTORY.resolve("schema.sql")));
        while (m.find()) {
            names.add(m.group(1).isEmpty() ? m.group(2).toLowerCase() : m.group(2));
        }
        return names;
    }

    @Test
    void everyStatementAnalysesAndKeepsEveryTableItNames() throws IOException {
        List<SqlCorpus.Entry> entries = SqlCorpus.statements();
        Set<String> schema = schemaTables();
        assertTrue(entries.size() > 100, "corpus has " + entries.size() + " statements");
        int parsed = 0;
        List<String> fellBack = new ArrayList<>();
        for (SqlCorpus.Entry e : entries) {
            Analysis a = TestCatalog.ANALYZER.analyze(e.sql());
            if (a.parsed()) {
                parsed++;
            } else {
                fellBack.add(e.id());
            }
            assertFalse(a.unterminated(), e.id());
            Set<String> found = new HashSet<>();
            a.tables().forEach(t -> found.add(t.name()));
            Matcher m = TABLE_POSITION.matcher(e.sql());
            while (m.find()) {
                String name = m.group(1).isEmpty() ? m.group(2).toLowerCase() : m.group(2);
                if (schema.contains(name)) {
                    assertTrue(found.contains(name), e.id() + ": " + name + " missing from " + a.tables());
                }
            }
            switch (a.kind()) {
                case INSERT, UPDATE, DELETE, MERGE -> assertFalse(a.tables().isEmpty(), e.id());
                default -> {
                }
            }
        }
        System.out.printf("corpus: %d statements, %d parsed by Calcite, %d token fallback: %s%n",
                entries.size(), parsed, fellBack.size(), fellBack);
    }

    @Test
    void selectedCorpusStatements() throws IOException {
        Map<String, Analysis> byId = new java.util.HashMap<>();
        for (SqlCorpus.Entry e : SqlCorpus.statements()) {
            byId.put(e.id(), TestCatalog.ANALYZER.analyze(e.sql()));
        }
        assertEquals(KeyValues.values(KeyValues.param(3)), byId.get("rails_update").shardKeyValues("users"));
        assertEquals(KeyValues.values(KeyValues.lit("1001")), byId.get("sqla_psycopg2").shardKeyValues("users"));
        assertEquals(KeyValues.values(KeyValues.param(1), KeyValues.param(5), KeyValues.param(9)),
                byId.get("insert_multirow_params").shardKeyValues("events"));
        assertEquals(KeyValues.values(KeyValues.array(1)), byId.get("any_array_param").shardKeyValues("users"));
        assertEquals(KeyValues.values(KeyValues.param(1)), byId.get("on_conflict_constraint").shardKeyValues("settings"));
        assertEquals(KeyValues.values(KeyValues.param(1), KeyValues.param(2)), byId.get("nowait").shardKeyValues("accounts"));
        assertEquals(KeyValues.values(KeyValues.param(1)), byId.get("trailing_line_comment").shardKeyValues("users"));
        assertEquals(KeyValues.values(KeyValues.param(2)), byId.get("update_row_ctor").shardKeyValues("users"));
        assertEquals(List.of(TableRef.of("users"), TableRef.of("users")), byId.get("cte_get_or_create").tables());
        assertEquals(List.of(TableRef.of("accounts"), TableRef.of("accounts"), TableRef.of("transfers")),
                byId.get("cte_transfer").tables());
        assertEquals(5, byId.get("join_10_line").tables().size());
        assertEquals(StatementKind.ROLLBACK_TO, byId.get("rollback_to").kind());
        assertEquals(StatementKind.DO, byId.get("do_block").kind());
    }
}
