package io.shardgate.sql.analysis;

import io.shardgate.sql.lexer.SqlLexer;
import io.shardgate.sql.lexer.Token;
import io.shardgate.sql.lexer.TokenType;
import java.util.List;
import java.util.Random;

/**
 * Rewrites every number and string literal of a statement with a random one, mostly of the same form (so the
 * cache is hit), sometimes of another form, and often from a tiny pool of values ({@code 1}, {@code '1'},
 * {@code 7}...) so that literals coincide, across types too.
 */
final class RandomLiterals {

    private static final String[] POOL = {"1", "7", "42"};
    private static final String[] OTHER_NUMBERS = {
        "2147483647", "2147483648", "98765432109876543210", "00042", "0", ".5", "5.", "12.50", "1e5", "2.5E-3",
        "0x1F", "0b101", "0o17", "1_000", "0x_FF"};
    private static final String TEXT = "abcXYZ019 _-%'\"\\$;()é日😀\t\n";

    private final Random random;

    RandomLiterals(long seed) {
        this.random = new Random(seed);
    }

    String rewrite(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int last = 0;
        List<Token> tokens = SqlLexer.tokenize(sql);
        for (Token t : tokens) {
            String replacement = null;
            if (t.type() == TokenType.NUMBER) {
                replacement = number(t.text(sql));
            } else if (t.type() == TokenType.STRING && !t.unterminated()) {
                replacement = string(t.text(sql));
            }
            if (replacement != null) {
                out.append(sql, last, t.start()).append(replacement);
                last = t.end();
            }
        }
        return out.append(sql, last, sql.length()).toString();
    }

    private String number(String original) {
        int dice = random.nextInt(10);
        if (dice < 3) {
            return POOL[random.nextInt(POOL.length)];
        }
        if (dice < 4) {
            return OTHER_NUMBERS[random.nextInt(OTHER_NUMBERS.length)];
        }
        boolean plain = original.chars().allMatch(Character::isDigit);
        if (plain) {
            return Long.toString((long) (random.nextDouble() * Math.pow(10, 1 + random.nextInt(9))));
        }
        if (original.contains("e") || original.contains("E")) {
            return (1 + random.nextInt(9)) + "." + random.nextInt(100) + "e" + random.nextInt(20);
        }
        if (original.contains(".")) {
            return random.nextInt(100_000) + "." + random.nextInt(100);
        }
        return original;
    }

    private String string(String original) {
        char first = original.charAt(0);
        boolean pooled = random.nextInt(10) < 3;
        String value = pooled ? POOL[random.nextInt(POOL.length)] : text();
        switch (Character.toUpperCase(first)) {
            case '\'' -> {
                return "'" + value.replace("'", "''") + "'";
            }
            case 'N' -> {
                return original.substring(0, 1) + "'" + value.replace("'", "''") + "'";
            }
            case 'E' -> {
                String body = pooled ? value : escapes();
                return original.substring(0, 1) + "'" + body + "'";
            }
            case 'U' -> {
                return original.substring(0, 2) + "'" + (pooled ? value : "d\\0061t" + random.nextInt(100)) + "'";
            }
            case 'B' -> {
                return original.substring(0, 1) + "'" + Integer.toBinaryString(random.nextInt(64)) + "'";
            }
            case 'X' -> {
                return original.substring(0, 1) + "'" + Integer.toHexString(random.nextInt(4096)) + "'";
            }
            case '$' -> {
                String tag = original.substring(0, original.indexOf('$', 1) + 1);
                return tag + value.replace("$", "") + tag;
            }
            default -> {
                return original;
            }
        }
    }

    private String text() {
        int n = random.nextInt(12);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int cp = TEXT.codePointAt(TEXT.offsetByCodePoints(0, random.nextInt(TEXT.codePointCount(0, TEXT.length()))));
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    /** The body of an {@code E'..'} string using each escape form. */
    private String escapes() {
        String[] parts = {"a", "\\\\", "\\'", "''", "\\n", "\\x41", "\\101", "\\u00e9", "\\U0001F600", "4", "\\q"};
        int n = random.nextInt(6);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(parts[random.nextInt(parts.length)]);
        }
        return sb.toString();
    }
}
