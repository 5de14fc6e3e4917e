package io.shardgate.sql.lexer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitTest {

    private static List<String> texts(String sql) {
        return SqlLexer.splitStatements(sql).stream().map(StatementText::text).toList();
    }

    @Test
    void splitsAtTopLevelSemicolonsWithOffsets() {
        String sql = "SELECT 1;  UPDATE t SET a = 2 ;\nDELETE FROM t";
        List<StatementText> parts = SqlLexer.splitStatements(sql);
        assertEquals(List.of("SELECT 1", "UPDATE t SET a = 2", "DELETE FROM t"), parts.stream().map(StatementText::text).toList());
        for (StatementText p : parts) {
            assertEquals(p.text(), sql.substring(p.offset(), p.offset() + p.text().length()));
        }
    }

    @Test
    void semicolonsInsideQuotesCommentsAndDollarQuotesDoNotSplit() {
        String sql = "SELECT 'a;b', \"c;d\", E'e\\';f' -- g;h\n; SELECT /* i; /* j; */ k; */ 2;"
                + "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN x := 1; RETURN 2; END $body$ LANGUAGE plpgsql;"
                + "DO $$ BEGIN PERFORM 1; END $$";
        assertEquals(List.of(
                "SELECT 'a;b', \"c;d\", E'e\\';f' -- g;h",
                "SELECT /* i; /* j; */ k; */ 2",
                "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN x := 1; RETURN 2; END $body$ LANGUAGE plpgsql",
                "DO $$ BEGIN PERFORM 1; END $$"), texts(sql));
    }

    @Test
    void emptyStatementsAreDropped() {
        assertEquals(List.of("SELECT 1", "SELECT 2"), texts(";; SELECT 1 ;  ; /* only a comment */ ; SELECT 2;\n"));
        assertEquals(List.of(), texts(" ;\n; -- nothing\n"));
        assertEquals(List.of(), texts(""));
    }

    @Test
    void leadingHintCommentIsKept() {
        assertEquals(List.of("/* shard_key=42 */ SELECT * FROM orders"), texts("  /* shard_key=42 */ SELECT * FROM orders;"));
    }

    @Test
    void parenthesesAndBeginAtomicBodiesDoNotSplit() {
        String atomic = "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; SELECT 2; END";
        assertEquals(List.of(atomic, "SELECT 3"), texts(atomic + "; SELECT 3"));
        assertEquals(List.of("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))", "SELECT 1"),
                texts("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2)); SELECT 1"));
    }

    @Test
    void unterminatedStringSwallowsTheRest() {
        assertEquals(List.of("SELECT 'abc; SELECT 2"), texts("SELECT 'abc; SELECT 2"));
    }
}
