package io.shardgate.sql.analysis;

/** What a statement does, as far as routing cares; determined from its leading tokens. */
public enum StatementKind {
    SELECT, INSERT, UPDATE, DELETE, MERGE,
    BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, ROLLBACK_TO, PREPARE_TRANSACTION,
    SET, RESET, SHOW, DISCARD,
    /** CREATE, ALTER, DROP, TRUNCATE, COMMENT, GRANT, REVOKE, REFRESH, SECURITY LABEL, IMPORT FOREIGN SCHEMA. */
    DDL,
    COPY, LISTEN, NOTIFY, UNLISTEN, EXPLAIN, VALUES, CALL, DO,
    /** Anything else (PREPARE, EXECUTE, DEALLOCATE, LOCK, VACUUM, ANALYZE, FETCH, DECLARE, COMMIT PREPARED...). */
    OTHER,
    /** Only white space, comments or semicolons. */
    EMPTY
}
