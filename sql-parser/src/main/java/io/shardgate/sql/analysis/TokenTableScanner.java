package io.shardgate.sql.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds table references from tokens alone: after FROM (and its comma list), JOIN, INTO, UPDATE, USING,
 * TABLE, ONLY, and in DDL after ON, REFERENCES and VIEW. It errs on the side of listing a name, so that a
 * router that cannot parse a statement still sees every table it names.
 */
final class TokenTableScanner {

    private static final Set<String> FROM_LIST_END = Set.of(
            "where", "group", "having", "window", "order", "limit", "offset", "fetch", "for", "union", "intersect",
            "except", "returning", "select", "conflict", "do", "when", "set", "values", "into", "to");
    private static final Set<String> FROM_FUNCTIONS = Set.of("extract", "substring", "trim", "overlay", "normalize");
    private static final Set<String> NOT_A_TABLE_AFTER_ON = Set.of(
            "commit", "delete", "update", "insert", "truncate", "schema", "schemas", "database", "function",
            "functions", "procedure", "procedures", "routine", "routines", "sequence", "sequences", "type", "types",
            "domain", "language", "foreign", "large", "tablespace", "column", "constraint", "index", "view",
            "materialized", "conflict", "event", "server", "publication", "subscription", "each", "parameter");
    private static final Set<String> LIST_STATEMENTS = Set.of("drop", "truncate", "lock");

    private final TokenStream ts;
    private final StatementKind kind;
    private final String firstWord;
    private final CteNames ctes;
    private final List<TableRef> out = new ArrayList<>();
    private final List<String> written = new ArrayList<>();

    private TokenTableScanner(TokenStream ts, StatementKind kind) {
        this.ts = ts;
        this.kind = kind;
        String w = ts.wordAt(0);
        this.firstWord = w == null ? "" : w;
        this.ctes = new CteNames(ts);
    }

    static List<TableRef> scan(TokenStream ts, StatementKind kind) {
        TokenTableScanner scanner = new TokenTableScanner(ts, kind);
        scanner.run();
        return scanner.out;
    }

    /** The tables a statement writes: targets of INSERT INTO, UPDATE, DELETE FROM and MERGE INTO, CTEs included. */
    static List<String> written(TokenStream ts, StatementKind kind) {
        TokenTableScanner scanner = new TokenTableScanner(ts, kind);
        scanner.run();
        return scanner.written;
    }

    private void run() {
        boolean ddl = kind == StatementKind.DDL;
        for (int i = 0; i < ts.size(); i++) {
            String w = ts.wordAt(i);
            if (w == null) {
                continue;
            }
            switch (w) {
                case "from" -> {
                    if (isTableFrom(i)) {
                        int before = out.size();
                        fromList(i + 1, true);
                        if (ts.word(i - 1, "delete") && out.size() > before) {
                            written.add(out.get(before).name());
                        }
                    }
                }
                case "join" -> fromItem(i + 1, true);
                case "using" -> {
                    if (!ddl && !isColumnList(i + 1)) {
                        fromList(i + 1, false);
                    }
                }
                case "into" -> intoTarget(i);
                case "update" -> updateTarget(i);
                case "table" -> nameList(skipWords(i + 1, "if", "not", "exists", "only"), LIST_STATEMENTS.contains(firstWord));
                case "truncate", "lock" -> {
                    if (i == 0 && !ts.word(1, "table")) {
                        nameList(skipWords(1, "only"), true);
                    }
                }
                case "analyze", "analyse", "vacuum" -> {
                    if (i == 0) {
                        int j = ts.ch(1, '(') ? ts.close(1) + 1 : 1;
                        nameList(skipWords(j, "full", "freeze", "verbose", "analyze", "analyse", "skip_locked"), true);
                    }
                }
                case "copy" -> {
                    if (i == 0) {
                        nameList(1, false);
                    }
                }
                case "on" -> {
                    if (ddl) {
                        int j = skipWords(i + 1, "only");
                        String next = ts.wordAt(j);
                        if (next == null || !NOT_A_TABLE_AFTER_ON.contains(next)) {
                            nameList(j, false);
                        }
                    }
                }
                case "references" -> {
                    if (ddl) {
                        nameList(i + 1, false);
                    }
                }
                case "view" -> {
                    if (ddl) {
                        nameList(skipWords(i + 1, "if", "not", "exists", "concurrently"), "drop".equals(firstWord));
                    }
                }
                default -> {
                }
            }
        }
    }

    /** FROM that starts a table list, not {@code IS DISTINCT FROM}, {@code EXTRACT(x FROM y)}, {@code COPY t FROM}... */
    private boolean isTableFrom(int i) {
        if (ts.word(i - 1, "distinct")) {
            return false;
        }
        int open = ts.enclosingOpen(i);
        if (open < 0) {
            return kind != StatementKind.COPY && !"revoke".equals(firstWord);
        }
        String function = ts.wordAt(open - 1);
        return function == null || !FROM_FUNCTIONS.contains(function);
    }

    /** {@code JOIN t USING (a, b)}: a parenthesised list that is not a query. */
    private boolean isColumnList(int i) {
        return ts.ch(i, '(') && !StatementClassifier.startsQuery(ts, i + 1) && !ts.ch(i + 1, '(');
    }

    /** An item at {@code i} and, at the same parenthesis level, items after each comma until the clause ends. */
    private void fromList(int i, boolean parenthesisedJoins) {
        int k = fromItem(i, parenthesisedJoins);
        while (k < ts.size()) {
            if (ts.ch(k, '(')) {
                k = ts.close(k) + 1;
                continue;
            }
            if (ts.ch(k, ')') || ts.ch(k, ';')) {
                return;
            }
            if (ts.ch(k, ',')) {
                k = fromItem(k + 1, parenthesisedJoins);
                continue;
            }
            String w = ts.wordAt(k);
            if (w != null && (FROM_LIST_END.contains(w) || ("using".equals(w) && !isColumnList(k + 1)))) {
                return;
            }
            k++;
        }
    }

    /** One FROM item starting at {@code i}; records it if it is a table; returns the index after it. */
    private int fromItem(int i, boolean parenthesisedJoins) {
        i = skipWords(i, "lateral", "only");
        if (ts.ch(i, '(')) {
            int close = ts.close(i);
            if (parenthesisedJoins && !StatementClassifier.startsQuery(ts, i + 1)) {
                fromItem(i + 1, true);
            }
            return alias(close + 1, true).next;
        }
        if (!ts.isName(i)) {
            return i;
        }
        Name name = name(i);
        if (ts.ch(name.next, '(')) {
            return alias(ts.close(name.next) + 1, true).next;
        }
        int j = ts.ch(name.next, '*') ? name.next + 1 : name.next;
        Alias alias = alias(j, true);
        if (!(name.schema == null && ctes.isCte(name.name, i))) {
            out.add(new TableRef(name.schema, name.name, alias.name));
        }
        return alias.next;
    }

    private void intoTarget(int i) {
        int j = skipWords(i + 1, "temporary", "temp", "unlogged", "table");
        if (!ts.isName(j)) {
            return;
        }
        Name name = name(j);
        boolean merge = ts.word(i - 1, "merge");
        Alias alias = alias(name.next, merge);
        out.add(new TableRef(name.schema, name.name, alias.name));
        if (merge || ts.word(i - 1, "insert")) {
            written.add(name.name);
        }
    }

    /** {@code UPDATE [ONLY] t [*] [[AS] alias] SET}, not {@code FOR UPDATE}, {@code DO UPDATE SET}, {@code ON UPDATE}... */
    private void updateTarget(int i) {
        int j = skipWords(i + 1, "only");
        if (!ts.isName(j) || ts.word(j, "set")) {
            return;
        }
        Name name = name(j);
        int k = ts.ch(name.next, '*') ? name.next + 1 : name.next;
        Alias alias = ts.word(k, "set") ? new Alias(null, k) : alias(k, true);
        if (ts.word(alias.next, "set") || i == 0 || ts.ch(i - 1, '(')) {
            out.add(new TableRef(name.schema, name.name, alias.name));
            written.add(name.name);
        }
    }

    /** Qualified names at {@code i}, each optionally followed by a column list; a comma list when {@code list}. */
    private void nameList(int i, boolean list) {
        while (ts.isName(i)) {
            Name name = name(i);
            out.add(new TableRef(name.schema, name.name, null));
            int k = name.next;
            if (ts.ch(k, '*')) {
                k++;
            }
            if (!list) {
                return;
            }
            if (ts.ch(k, '(')) {
                k = ts.close(k) + 1;
            }
            if (!ts.ch(k, ',')) {
                return;
            }
            i = skipWords(k + 1, "only");
        }
    }

    private int skipWords(int i, String... words) {
        boolean skipped = true;
        while (skipped) {
            skipped = false;
            for (String w : words) {
                if (ts.word(i, w)) {
                    i++;
                    skipped = true;
                }
            }
        }
        return i;
    }

    private record Name(String schema, String name, int next) {
    }

    private record Alias(String name, int next) {
    }

    private Name name(int i) {
        List<String> parts = new ArrayList<>(3);
        parts.add(ts.value(i));
        int k = i + 1;
        while (ts.ch(k, '.') && ts.isAnyIdentifier(k + 1)) {
            parts.add(ts.value(k + 1));
            k += 2;
        }
        int n = parts.size();
        return new Name(n >= 2 ? parts.get(n - 2) : null, parts.get(n - 1), k);
    }

    /** {@code AS alias} or (when {@code bare}) a bare alias, with an optional column list. */
    private Alias alias(int i, boolean bare) {
        String alias = null;
        if (ts.word(i, "as") && ts.isAnyIdentifier(i + 1)) {
            alias = ts.value(i + 1);
            i += 2;
        } else if (bare && ts.isName(i) && !ts.word(i, "set")) {
            alias = ts.value(i);
            i++;
        }
        if (alias != null && ts.ch(i, '(')) {
            i = ts.close(i) + 1;
        }
        return new Alias(alias, i);
    }
}
