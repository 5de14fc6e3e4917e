package io.shardgate.sql.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatementKindTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT 1|SELECT",
        "  /* hint */ select * from t|SELECT",
        "(SELECT 1) UNION (SELECT 2)|SELECT",
        "TABLE settings|SELECT",
        "WITH x AS (SELECT 1) SELECT * FROM x|SELECT",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r|SELECT",
        "WITH d AS MATERIALIZED (DELETE FROM t RETURNING *) INSERT INTO a SELECT * FROM d|INSERT",
        "WITH u AS (SELECT 1) UPDATE t SET a = 1|UPDATE",
        "WITH u AS (SELECT 1) DELETE FROM t|DELETE",
        "INSERT INTO t VALUES (1)|INSERT",
        "UPDATE t SET a = 1|UPDATE",
        "DELETE FROM t|DELETE",
        "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE|MERGE",
        "VALUES (1, 'a')|VALUES",
        "BEGIN|BEGIN",
        "begin isolation level repeatable read|BEGIN",
        "START TRANSACTION READ ONLY|BEGIN",
        "COMMIT|COMMIT",
        "END|COMMIT",
        "COMMIT PREPARED 'x'|OTHER",
        "ROLLBACK|ROLLBACK",
        "ABORT|ROLLBACK",
        "ROLLBACK AND CHAIN|ROLLBACK",
        "ROLLBACK TO SAVEPOINT s1|ROLLBACK_TO",
        "ROLLBACK WORK TO s1|ROLLBACK_TO",
        "SAVEPOINT s1|SAVEPOINT",
        "RELEASE SAVEPOINT s1|RELEASE",
        "PREPARE TRANSACTION 'gid'|PREPARE_TRANSACTION",
        "PREPARE q (int) AS SELECT $1|OTHER",
        "SET LOCAL statement_timeout = '5s'|SET",
        "SET TIME ZONE 'UTC'|SET",
        "RESET ALL|RESET",
        "SHOW transaction_isolation|SHOW",
        "DISCARD ALL|DISCARD",
        "CREATE TABLE t (id int)|DDL",
        "ALTER TABLE t ADD COLUMN x int|DDL",
        "DROP INDEX i|DDL",
        "TRUNCATE t|DDL",
        "GRANT SELECT ON t TO PUBLIC|DDL",
        "COMMENT ON TABLE t IS 'x'|DDL",
        "REFRESH MATERIALIZED VIEW mv|DDL",
        "COPY t FROM STDIN|COPY",
        "COPY (SELECT 1) TO STDOUT|COPY",
        "LISTEN ch|LISTEN",
        "NOTIFY ch, 'x'|NOTIFY",
        "UNLISTEN *|UNLISTEN",
        "EXPLAIN SELECT 1|EXPLAIN",
        "EXPLAIN (ANALYZE, FORMAT JSON) SELECT 1|EXPLAIN",
        "CALL p(1)|CALL",
        "DO $$ BEGIN END $$|DO",
        "EXECUTE q(1)|OTHER",
        "LOCK TABLE t|OTHER",
        "VACUUM t|OTHER",
        "garbage here|OTHER",
        "42|OTHER",
    })
    void kinds(String sql, StatementKind kind) {
        assertEquals(kind, TestCatalog.ANALYZER.analyze(sql).kind(), sql);
    }

    @ParameterizedTest
    @CsvSource(value = {"''", "' ; ; '", "'-- only a comment'", "'/* c */ ;'"})
    void empty(String sql) {
        assertEquals(StatementKind.EMPTY, TestCatalog.ANALYZER.analyze(sql).kind());
    }
}
