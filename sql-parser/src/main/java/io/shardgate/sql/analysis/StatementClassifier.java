package io.shardgate.sql.analysis;

/** Finds a statement's {@link StatementKind} from its leading tokens, and the part of it Calcite should parse. */
final class StatementClassifier {

    private StatementClassifier() {
    }

    static Classification classify(TokenStream ts) {
        int end = ts.size();
        while (end > 0 && ts.ch(end - 1, ';')) {
            end--;
        }
        if (end == 0) {
            return new Classification(StatementKind.EMPTY, -1, -1, true);
        }
        boolean single = true;
        for (int i = 0; i < end; i++) {
            if (ts.ch(i, ';') && ts.enclosingOpen(i) < 0) {
                single = false;
                end = i;
                break;
            }
        }
        int first = 0;
        while (first < end && ts.ch(first, '(')) {
            first++;
        }
        String w = ts.wordAt(first);
        if (w == null) {
            return new Classification(StatementKind.OTHER, -1, -1, single);
        }
        StatementKind kind = switch (w) {
            case "select", "table" -> StatementKind.SELECT;
            case "values" -> StatementKind.VALUES;
            case "with" -> mainKindAfterWith(ts, first + 1);
            case "insert" -> StatementKind.INSERT;
            case "update" -> StatementKind.UPDATE;
            case "delete" -> StatementKind.DELETE;
            case "merge" -> StatementKind.MERGE;
            case "begin" -> StatementKind.BEGIN;
            case "start" -> ts.word(first + 1, "transaction") ? StatementKind.BEGIN : StatementKind.OTHER;
            case "commit", "end" -> ts.word(first + 1, "prepared") ? StatementKind.OTHER : StatementKind.COMMIT;
            case "rollback", "abort" -> rollback(ts, first + 1);
            case "savepoint" -> StatementKind.SAVEPOINT;
            case "release" -> StatementKind.RELEASE;
            case "prepare" -> ts.word(first + 1, "transaction") ? StatementKind.PREPARE_TRANSACTION : StatementKind.OTHER;
            case "set" -> StatementKind.SET;
            case "reset" -> StatementKind.RESET;
            case "show" -> StatementKind.SHOW;
            case "discard" -> StatementKind.DISCARD;
            case "create", "alter", "drop", "truncate", "comment", "grant", "revoke", "refresh", "security", "import" ->
                    StatementKind.DDL;
            case "copy" -> StatementKind.COPY;
            case "listen" -> StatementKind.LISTEN;
            case "notify" -> StatementKind.NOTIFY;
            case "unlisten" -> StatementKind.UNLISTEN;
            case "explain" -> StatementKind.EXPLAIN;
            case "call" -> StatementKind.CALL;
            case "do" -> StatementKind.DO;
            default -> StatementKind.OTHER;
        };
        return switch (kind) {
            case SELECT, VALUES, INSERT, UPDATE, DELETE, MERGE -> new Classification(kind, 0, end, single);
            case EXPLAIN -> {
                int body = explainBody(ts, first + 1, end);
                yield new Classification(kind, startsQuery(ts, body) ? body : -1, end, single);
            }
            case COPY -> {
                int open = first + 1;
                boolean query = ts.ch(open, '(') && startsQuery(ts, open + 1);
                yield new Classification(kind, query ? open + 1 : -1, query ? Math.min(end, ts.close(open)) : -1, single);
            }
            default -> new Classification(kind, -1, -1, single);
        };
    }

    private static StatementKind rollback(TokenStream ts, int i) {
        if (ts.word(i, "prepared")) {
            return StatementKind.OTHER;
        }
        if (ts.word(i, "work") || ts.word(i, "transaction")) {
            i++;
        }
        return ts.word(i, "to") ? StatementKind.ROLLBACK_TO : StatementKind.ROLLBACK;
    }

    private static int explainBody(TokenStream ts, int i, int end) {
        if (ts.ch(i, '(')) {
            return ts.close(i) + 1;
        }
        while (i < end && (ts.word(i, "analyze") || ts.word(i, "analyse") || ts.word(i, "verbose"))) {
            i++;
        }
        return i;
    }

    /** Whether a query or DML statement starts at {@code i} (possibly after opening parentheses). */
    static boolean startsQuery(TokenStream ts, int i) {
        while (ts.ch(i, '(')) {
            i++;
        }
        String w = ts.wordAt(i);
        return w != null && switch (w) {
            case "select", "with", "values", "table", "insert", "update", "delete", "merge" -> true;
            default -> false;
        };
    }

    /** Skips {@code WITH [RECURSIVE] name [(cols)] AS [NOT] [MATERIALIZED] (...), ...} and classifies what follows. */
    static StatementKind mainKindAfterWith(TokenStream ts, int i) {
        int main = skipWithClause(ts, i);
        if (main < 0) {
            return StatementKind.OTHER;
        }
        while (ts.ch(main, '(')) {
            main++;
        }
        String w = ts.wordAt(main);
        if (w == null) {
            return StatementKind.OTHER;
        }
        return switch (w) {
            case "select", "table" -> StatementKind.SELECT;
            case "values" -> StatementKind.VALUES;
            case "insert" -> StatementKind.INSERT;
            case "update" -> StatementKind.UPDATE;
            case "delete" -> StatementKind.DELETE;
            case "merge" -> StatementKind.MERGE;
            default -> StatementKind.OTHER;
        };
    }

    /** Given the token after {@code WITH}, the index of the main statement, or -1 if the CTE list is malformed. */
    static int skipWithClause(TokenStream ts, int i) {
        if (ts.word(i, "recursive")) {
            i++;
        }
        while (true) {
            if (!ts.isAnyIdentifier(i)) {
                return -1;
            }
            i++;
            if (ts.ch(i, '(')) {
                i = ts.close(i) + 1;
            }
            if (!ts.word(i, "as")) {
                return -1;
            }
            i++;
            if (ts.word(i, "not")) {
                i++;
            }
            if (ts.word(i, "materialized")) {
                i++;
            }
            if (!ts.ch(i, '(')) {
                return -1;
            }
            i = ts.close(i) + 1;
            if (ts.word(i, "search") || ts.word(i, "cycle")) {
                while (i < ts.size() && !ts.ch(i, ',') && !startsQuery(ts, i)) {
                    i++;
                }
            }
            if (!ts.ch(i, ',')) {
                return i;
            }
            i++;
        }
    }
}
