package io.shardgate.sql.lexer;

import java.util.ArrayList;
import java.util.List;

/** Cuts a token stream into statements at top-level semicolons, the way psql does. */
final class StatementSplitter {

    private StatementSplitter() {
    }

    static List<StatementText> split(String sql, List<Token> tokens) {
        List<StatementText> out = new ArrayList<>();
        int parenDepth = 0;
        int atomicDepth = 0;
        int first = -1;
        int last = -1;
        boolean significant = false;
        Token previousWord = null;
        for (Token t : tokens) {
            if (t.type() == TokenType.PUNCTUATION) {
                char c = sql.charAt(t.start());
                if (c == ';' && parenDepth == 0 && atomicDepth == 0) {
                    add(sql, out, first, last, significant);
                    first = -1;
                    last = -1;
                    significant = false;
                    previousWord = null;
                    continue;
                }
                if (c == '(') {
                    parenDepth++;
                } else if (c == ')' && parenDepth > 0) {
                    parenDepth--;
                }
            } else if (t.type() == TokenType.IDENTIFIER) {
                if (previousWord != null && previousWord.isWord(sql, "begin") && t.isWord(sql, "atomic")) {
                    atomicDepth++;
                } else if (atomicDepth > 0 && t.isWord(sql, "case")) {
                    atomicDepth++;
                } else if (atomicDepth > 0 && t.isWord(sql, "end")) {
                    atomicDepth--;
                }
            }
            if (t.isSignificant()) {
                significant = true;
                previousWord = t.type() == TokenType.IDENTIFIER ? t : null;
            }
            if (t.type() != TokenType.WHITESPACE) {
                if (first < 0) {
                    first = t.start();
                }
                last = t.end();
            }
        }
        add(sql, out, first, last, significant);
        return out;
    }

    private static void add(String sql, List<StatementText> out, int first, int last, boolean significant) {
        if (significant && first >= 0) {
            out.add(new StatementText(sql.substring(first, last), first));
        }
    }
}
