package io.shardgate.sql.analysis;

import io.shardgate.sql.lexer.SqlLexer;
import io.shardgate.sql.lexer.Token;
import io.shardgate.sql.lexer.TokenType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.calcite.sql.SqlNode;

/**
 * Analyses one SQL statement for routing: its kind, the tables it references, its parameters and the
 * shard key values it is restricted to. Uses Calcite's Babel parser where it can and falls back to the
 * tokens where it cannot; never throws. Thread-safe.
 */
public final class StatementAnalyzer {

    private final ShardKeyCatalog catalog;

    public StatementAnalyzer(ShardKeyCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /** Analyses one statement (a trailing semicolon is fine); never throws, whatever the input. */
    public Analysis analyze(String sql) {
        return analyze(sql, true);
    }

    /** As {@link #analyze(String)}; with {@code useCalcite == false} only the token-based fallback runs (for tests). */
    Analysis analyze(String sql, boolean useCalcite) {
        String text = sql == null ? "" : sql;
        try {
            return analyzeOrThrow(text, SqlLexer.tokenize(text), useCalcite);
        } catch (RuntimeException | StackOverflowError e) {
            return nothingKnown();
        }
    }

    /** As {@link #analyze(String)} for a statement already lexed: {@code all} is {@code SqlLexer.tokenize(sql)}. */
    Analysis analyze(String sql, List<Token> all) {
        try {
            return analyzeOrThrow(sql, all, true);
        } catch (RuntimeException | StackOverflowError e) {
            return nothingKnown();
        }
    }

    /** Last resort: nothing is known, so a router refuses (kind OTHER) rather than guessing. */
    private static Analysis nothingKnown() {
        return new Analysis(StatementKind.OTHER, List.of(), List.of(), false, true, Map.of());
    }

    private Analysis analyzeOrThrow(String sql, List<Token> all, boolean useCalcite) {
        List<Token> significant = new ArrayList<>(all.size());
        boolean unterminated = false;
        TreeSet<Integer> parameters = new TreeSet<>();
        for (Token t : all) {
            unterminated |= t.unterminated();
            if (t.isSignificant()) {
                significant.add(t);
                if (t.type() == TokenType.PARAMETER) {
                    parameters.add(t.parameterIndex(sql));
                }
            }
        }
        TokenStream ts = new TokenStream(sql, significant);
        Classification c = StatementClassifier.classify(ts);
        List<TableRef> tokenTables = TokenTableScanner.scan(ts, c.kind());
        List<String> written = TokenTableScanner.written(ts, c.kind());
        String command = command(ts);
        boolean tableSample = false;
        for (int i = 0; i < ts.size() && !tableSample; i++) {
            tableSample = ts.word(i, "tablesample");
        }
        if (useCalcite && c.hasBody() && c.single() && !unterminated) {
            AstAnalyzer.Result ast = parse(ts, c);
            if (ast != null) {
                Map<String, List<KeyValue>> keys = new HashMap<>(ast.keyValues());
                List<TableRef> tables = union(ast.tables(), tokenTables, keys);
                String crossShard = tables.size() == ast.tables().size() ? ast.crossShard()
                        : "part of the statement could not be analysed";
                return new Analysis(c.kind(), tables, List.copyOf(parameters), true, false, keys, crossShard, written,
                        command, tableSample);
            }
        }
        Map<String, List<KeyValue>> keys = unterminated ? Map.of()
                : TokenKeyExtractor.extract(ts, c, tokenTables, catalog);
        return new Analysis(c.kind(), tokenTables, List.copyOf(parameters), false, unterminated, keys,
                "the statement could not be analysed", written, command, tableSample);
    }

    private static String command(TokenStream ts) {
        int first = 0;
        while (ts.ch(first, '(')) {
            first++;
        }
        String w = ts.wordAt(first);
        return w == null ? "" : w;
    }

    private AstAnalyzer.Result parse(TokenStream ts, Classification c) {
        SqlNode node;
        try {
            node = BabelParser.parse(CalciteText.of(ts, c.bodyStart(), c.bodyEnd()));
        } catch (Exception | StackOverflowError e) {
            return parseWithModifyingCtes(ts, c);
        }
        try {
            return new AstAnalyzer(ts, catalog).analyze(node);
        } catch (RuntimeException | StackOverflowError e) {
            return null;
        }
    }

    /**
     * Calcite takes only queries in WITH: each data-modifying CTE body ({@code name AS (UPDATE ..)}) is parsed on
     * its own, and the statement with those bodies replaced by {@code SELECT 1}; null when any part fails.
     */
    private AstAnalyzer.Result parseWithModifyingCtes(TokenStream ts, Classification c) {
        ModifyingCtes ctes = ModifyingCtes.find(ts, c.bodyStart(), c.bodyEnd());
        if (ctes == null) {
            return null;
        }
        try {
            List<SqlNode> roots = new ArrayList<>();
            for (int[] body : ctes.bodies()) {
                roots.add(BabelParser.parse(CalciteText.of(ts, body[0], body[1])));
            }
            if (ctes.mainStart() >= 0) {
                roots.add(BabelParser.parse(CalciteText.of(ts, ctes.mainStart(), c.bodyEnd())));
            } else {
                roots.add(BabelParser.parse(ctes.mainText(CalciteText.of(ts, c.bodyStart(), c.bodyEnd()))));
            }
            return new AstAnalyzer(ts, catalog).analyze(roots, ctes.names());
        } catch (Exception | StackOverflowError e) {
            return null;
        }
    }

    /**
     * The parse tree's tables plus any the token scan found more often than the tree did, so that a table
     * is never lost to a construct the tree walk does not know; key values of such a table become unknown.
     */
    private static List<TableRef> union(List<TableRef> ast, List<TableRef> tokens, Map<String, List<KeyValue>> keys) {
        List<TableRef> remaining = new ArrayList<>(tokens);
        for (TableRef t : ast) {
            for (int i = 0; i < remaining.size(); i++) {
                if (remaining.get(i).name().equals(t.name())) {
                    remaining.remove(i);
                    break;
                }
            }
        }
        if (remaining.isEmpty()) {
            return ast;
        }
        List<TableRef> out = new ArrayList<>(ast);
        for (TableRef extra : remaining) {
            out.add(extra);
            keys.remove(extra.name());
        }
        return out;
    }
}
