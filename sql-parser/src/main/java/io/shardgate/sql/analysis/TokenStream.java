package io.shardgate.sql.analysis;

import io.shardgate.sql.lexer.Token;
import io.shardgate.sql.lexer.TokenType;
import java.util.Arrays;
import java.util.List;

/** The significant tokens of one statement with their parenthesis structure, and cheap keyword tests. */
final class TokenStream {

    final String sql;
    private final List<Token> tokens;
    /** For each {@code (} its matching {@code )}, for each {@code )} its {@code (}; -1 if unmatched or not a parenthesis. */
    private final int[] match;
    /** The innermost {@code (} enclosing each token, or -1 at top level. */
    private final int[] enclosing;

    TokenStream(String sql, List<Token> tokens) {
        this.sql = sql;
        this.tokens = tokens;
        int n = tokens.size();
        match = new int[n];
        enclosing = new int[n];
        Arrays.fill(match, -1);
        int[] stack = new int[n + 1];
        int top = 0;
        for (int i = 0; i < n; i++) {
            enclosing[i] = top > 0 ? stack[top - 1] : -1;
            if (ch(i, '(')) {
                stack[top++] = i;
            } else if (ch(i, ')') && top > 0) {
                int open = stack[--top];
                match[open] = i;
                match[i] = open;
                enclosing[i] = top > 0 ? stack[top - 1] : -1;
            }
        }
    }

    int size() {
        return tokens.size();
    }

    Token get(int i) {
        return tokens.get(i);
    }

    List<Token> tokens() {
        return tokens;
    }

    boolean word(int i, String lowerCaseWord) {
        return i >= 0 && i < tokens.size() && tokens.get(i).isWord(sql, lowerCaseWord);
    }

    boolean ch(int i, char c) {
        return i >= 0 && i < tokens.size() && tokens.get(i).isChar(sql, c);
    }

    boolean op(int i, String op) {
        return i >= 0 && i < tokens.size() && tokens.get(i).isOperator(sql, op);
    }

    boolean type(int i, TokenType type) {
        return i >= 0 && i < tokens.size() && tokens.get(i).type() == type;
    }

    /** The lower-case word at {@code i}, or null if it is not an unquoted identifier. */
    String wordAt(int i) {
        return type(i, TokenType.IDENTIFIER) ? tokens.get(i).value(sql) : null;
    }

    /** Whether {@code i} can start a name: a quoted identifier or an unquoted non-reserved word. */
    boolean isName(int i) {
        if (type(i, TokenType.QUOTED_IDENTIFIER)) {
            return true;
        }
        return type(i, TokenType.IDENTIFIER) && !Keywords.isReserved(tokens.get(i).value(sql));
    }

    /** Whether {@code i} is any identifier, quoted or not (a name part after a dot). */
    boolean isAnyIdentifier(int i) {
        return type(i, TokenType.IDENTIFIER) || type(i, TokenType.QUOTED_IDENTIFIER);
    }

    String value(int i) {
        return tokens.get(i).value(sql);
    }

    /** The index of the parenthesis matching the one at {@code i}, or {@link #size()} when unmatched. */
    int close(int i) {
        int m = match[i];
        return m < 0 ? tokens.size() : m;
    }

    /** The index just past the end of the parenthesised group enclosing {@code i} (its {@code )}), bounded by {@code limit}. */
    int endOfLevel(int i, int limit) {
        int open = enclosing[i];
        return open < 0 ? limit : Math.min(limit, close(open));
    }

    int enclosingOpen(int i) {
        return enclosing[i];
    }

    /** The index of the token that starts at character {@code offset}, or -1. */
    int indexAt(int offset) {
        int lo = 0;
        int hi = tokens.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int s = tokens.get(mid).start();
            if (s < offset) {
                lo = mid + 1;
            } else if (s > offset) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }
}
