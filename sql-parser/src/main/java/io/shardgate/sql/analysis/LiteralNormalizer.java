package io.shardgate.sql.analysis;

import io.shardgate.sql.lexer.SqlLexer;
import io.shardgate.sql.lexer.Token;
import io.shardgate.sql.lexer.TokenType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reduces a statement to its {@link ShapeKey} in one pass over its tokens (no regular expressions).
 *
 * <p>The shape text is the significant tokens as written; a run of white space and comments between two
 * tokens becomes one space (none where tokens touch, as that can change how they are read). Each value
 * literal becomes a two-character placeholder, {@link #PLACEHOLDER} and its class, which keeps what the
 * analysis may depend on besides the value: for a number, whether {@code Integer.parseInt} accepts it (Calcite
 * requires that of a precision or a {@code REPEATABLE} seed), a fraction, an exponent, another base or
 * {@code _} separators; for a string, its quoting form ({@code '..'}, {@code E'..'}, {@code $$..$$}...).
 *
 * <p>Literals that are not values stay as written: a string after a type name or any word other than the
 * operator-like key words listed here ({@code DATE '2024-01-01'}, {@code interval '1 day'}, {@code int8 '42'},
 * {@code AT TIME ZONE 'UTC'}), and a number directly inside a type modifier ({@code varchar(20)},
 * {@code numeric(12, 2)}). Keeping one costs only sharing, never correctness.
 *
 * <p>The analysis compares literal values (duplicates in an IN list collapse, the smaller of two value sets
 * wins), so the key also records which literal texts are equal; {@code WHERE a IN (1, 1)} and
 * {@code WHERE a IN (1, 2)} have different shapes.
 */
final class LiteralNormalizer {

    /** Starts a placeholder; the lexer reads it as an unknown character, so statements containing it are not cached. */
    static final char PLACEHOLDER = '\u0001';

    /** Words after which a string is a value rather than the operand of a typed literal. */
    private static final Set<String> VALUE_WORDS = Set.of(
            "select", "where", "and", "or", "not", "when", "then", "else", "case", "like", "ilike", "to",
            "between", "from", "on", "having", "distinct", "in", "is", "returning");

    /** Words whose parenthesised numbers are type modifiers or sampling arguments, not values. */
    private static final String[] MODIFIER_WORDS = {
        "varchar", "char", "character", "varying", "nchar", "bpchar", "numeric", "decimal", "dec", "float", "bit",
        "varbit", "time", "timestamp", "timetz", "timestamptz", "interval", "year", "month", "day", "hour",
        "minute", "second", "repeatable", "system", "bernoulli"};

    /** Up to this many literal texts, equal ones are found by comparing pairs; beyond it, by hashing. */
    private static final int PAIRWISE_LIMIT = 16;

    private final String sql;
    private final StringBuilder text;
    private String[] literals = new String[8];
    private int literalCount;
    /** For each open parenthesis, innermost last: whether it holds a type modifier. */
    private boolean[] modifier = new boolean[8];
    private int depth;

    private LiteralNormalizer(String sql) {
        this.sql = sql;
        this.text = new StringBuilder(sql.length());
    }

    /** The statement's shape and literal texts, or null when it must not be cached (an unterminated token, a placeholder character). */
    static NormalizedStatement normalize(String sql, long catalogVersion) {
        List<Token> tokens = SqlLexer.tokenize(sql);
        LiteralNormalizer n = new LiteralNormalizer(sql);
        if (!n.append(tokens)) {
            return null;
        }
        String[] texts = Arrays.copyOf(n.literals, n.literalCount);
        return new NormalizedStatement(new ShapeKey(n.text.toString(), sameLiteral(texts), catalogVersion), texts, tokens);
    }

    private boolean append(List<Token> tokens) {
        Token previous = null;
        boolean gap = false;
        for (Token t : tokens) {
            if (t.unterminated()) {
                return false;
            }
            if (!t.isSignificant()) {
                gap = previous != null;
                continue;
            }
            if (gap) {
                text.append(' ');
                gap = false;
            }
            switch (t.type()) {
                case NUMBER -> number(t, previous);
                case STRING -> string(t, previous);
                case PUNCTUATION -> punctuation(t, previous);
                case UNKNOWN -> {
                    if (sql.charAt(t.start()) == PLACEHOLDER) {
                        return false;
                    }
                    verbatim(t);
                }
                default -> verbatim(t);
            }
            previous = t;
        }
        return true;
    }

    private void number(Token t, Token previous) {
        String value = t.value(sql);
        addLiteral(value);
        if (previous != null && previous.isOperator(sql, "-")) {
            addLiteral("-" + value);
        }
        boolean inModifier = depth > 0 && modifier[depth - 1]
                && (previous.isChar(sql, '(') || previous.isChar(sql, ','));
        if (inModifier) {
            verbatim(t);
        } else {
            text.append(PLACEHOLDER).append(numberClass(t));
        }
    }

    private void string(Token t, Token previous) {
        addLiteral(t.value(sql));
        if (isValuePosition(previous)) {
            char first = sql.charAt(t.start());
            text.append(PLACEHOLDER).append(first == '\'' ? 's' : Character.toUpperCase(first));
        } else {
            verbatim(t);
        }
    }

    private void punctuation(Token t, Token previous) {
        verbatim(t);
        if (t.isChar(sql, '(')) {
            if (depth == modifier.length) {
                modifier = Arrays.copyOf(modifier, depth * 2);
            }
            modifier[depth++] = previous != null && isModifierWord(previous);
        } else if (t.isChar(sql, ')') && depth > 0) {
            depth--;
        }
    }

    private void verbatim(Token t) {
        text.append(sql, t.start(), t.end());
    }

    private void addLiteral(String value) {
        if (literalCount == literals.length) {
            literals = Arrays.copyOf(literals, literalCount * 2);
        }
        literals[literalCount++] = value;
    }

    /** Whether a string after {@code previous} is a value: at the start, after an operator, {@code (}, {@code ,}, {@code [} or a value word. */
    private boolean isValuePosition(Token previous) {
        if (previous == null || previous.type() == TokenType.OPERATOR) {
            return true;
        }
        if (previous.type() == TokenType.PUNCTUATION) {
            return previous.isChar(sql, '(') || previous.isChar(sql, ',') || previous.isChar(sql, '[');
        }
        return previous.type() == TokenType.IDENTIFIER && VALUE_WORDS.contains(previous.value(sql));
    }

    private boolean isModifierWord(Token t) {
        if (t.type() != TokenType.IDENTIFIER) {
            return false;
        }
        for (String w : MODIFIER_WORDS) {
            if (t.isWord(sql, w)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code i} int, {@code l} longer integer, {@code d} fraction, {@code e} exponent, {@code x} what
     * {@link CalciteText} rewrites to {@code 0}: another base ({@code 0x1F}, also {@code 0e5}) or {@code _} separators.
     */
    private char numberClass(Token t) {
        int start = t.start();
        int end = t.end();
        if (end - start > 1 && sql.charAt(start) == '0' && Character.isLetter(sql.charAt(start + 1))) {
            return 'x';
        }
        boolean fraction = false;
        boolean exponent = false;
        for (int i = start; i < end; i++) {
            char c = sql.charAt(i);
            if (c == '_') {
                return 'x';
            }
            fraction |= c == '.';
            exponent |= c == 'e' || c == 'E';
        }
        if (exponent) {
            return 'e';
        }
        if (fraction) {
            return 'd';
        }
        return fitsInt(start, end) ? 'i' : 'l';
    }

    /** Whether {@code Integer.parseInt} accepts the digits {@code [start, end)}. */
    private boolean fitsInt(int start, int end) {
        while (start < end - 1 && sql.charAt(start) == '0') {
            start++;
        }
        int length = end - start;
        if (length != 10) {
            return length < 10;
        }
        return sql.substring(start, end).compareTo("2147483647") <= 0;
    }

    /** For each text, the index of the first equal text; null when all are distinct (the usual case). */
    static int[] sameLiteral(String[] texts) {
        int n = texts.length;
        int[] same = null;
        if (n <= PAIRWISE_LIMIT) {
            for (int j = 1; j < n; j++) {
                for (int i = 0; i < j; i++) {
                    if (texts[i].equals(texts[j])) {
                        same = same != null ? same : identity(n);
                        same[j] = i;
                        break;
                    }
                }
            }
            return same;
        }
        Map<String, Integer> first = new HashMap<>(n * 2);
        for (int j = 0; j < n; j++) {
            Integer i = first.putIfAbsent(texts[j], j);
            if (i != null) {
                same = same != null ? same : identity(n);
                same[j] = i;
            }
        }
        return same;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
