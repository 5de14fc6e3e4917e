package io.shardgate.sql.analysis;

/**
 * The kind of a statement and the token range {@code [bodyStart, bodyEnd)} worth handing to Calcite
 * (the whole statement, the query inside {@code EXPLAIN} or {@code COPY (...)}), or {@code bodyStart = -1}.
 * {@code single} is false when tokens follow a top-level semicolon (more than one statement).
 */
record Classification(StatementKind kind, int bodyStart, int bodyEnd, boolean single) {

    boolean hasBody() {
        return bodyStart >= 0 && bodyStart < bodyEnd;
    }
}
