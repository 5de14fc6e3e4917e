package io.shardgate.sql.lexer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlLexerTest {

    private static List<Token> sig(String sql) {
        return SqlLexer.significantTokens(sql);
    }

    private static Token only(String sql) {
        List<Token> tokens = sig(sql);
        assertEquals(1, tokens.size(), () -> "tokens of " + sql + ": " + tokens);
        return tokens.get(0);
    }

    private static String describe(String sql) {
        return sig(sql).stream().map(t -> t.type() + ":" + t.text(sql)).collect(Collectors.joining(" "));
    }

    @Test
    void identifiersFoldAsciiOnly() {
        String sql = "SELECT Foo_Bar$1, ÄBC";
        List<Token> t = sig(sql);
        assertEquals("select", t.get(0).value(sql));
        assertEquals(TokenType.IDENTIFIER, t.get(1).type());
        assertEquals("foo_bar$1", t.get(1).value(sql));
        assertEquals("Äbc", t.get(3).value(sql));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "\"Mixed Case\"|Mixed Case",
        "\"with \"\"quote\"\"\"|with \"quote\"",
        "U&\"d\\0061t\\+000061\"|data",
        "u&\"\\\\x\"|\\x",
    })
    void quotedIdentifiers(String sql, String value) {
        Token t = only(sql);
        assertEquals(TokenType.QUOTED_IDENTIFIER, t.type());
        assertEquals(value, t.value(sql));
        assertFalse(t.unterminated());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "'plain'|plain",
        "'it''s'|it's",
        "''|``",
        "'back\\slash'|back\\slash",
        "E'line1\\nline2\\t''q'''|`line1\nline2\t'q'`",
        "e'\\'quoted\\''|'quoted'",
        "E'\\x41\\101\\u0042'|AAB",
        "U&'d\\0061t\\+000061'|data",
        "B'1010'|1010",
        "X'1F'|1F",
        "N'national'|national",
        "$$dollar 'quoted' text$$|dollar 'quoted' text",
        "$tag$with $$ inside$tag$|with $$ inside",
        "$a$ $b$ nested $b$ $a$|` $b$ nested $b$ `",
        "$$$$|``",
    })
    void strings(String sql, String value) {
        Token t = only(sql);
        assertEquals(TokenType.STRING, t.type(), sql);
        assertEquals(value, t.value(sql));
        assertFalse(t.unterminated());
    }

    @Test
    void eStringBackslashQuoteDoesNotEndTheString() {
        String sql = "SELECT E'a\\'b', 'c\\' AS x";
        assertEquals("IDENTIFIER:SELECT STRING:E'a\\'b' PUNCTUATION:, STRING:'c\\' IDENTIFIER:AS IDENTIFIER:x", describe(sql));
    }

    @Test
    void dollarParametersAreNotDollarQuotes() {
        String sql = "SELECT $1, $12::int, $tag$x$tag$, $$y$$ FROM t WHERE a = $3";
        List<Token> params = sig(sql).stream().filter(t -> t.type() == TokenType.PARAMETER).toList();
        assertEquals(List.of(1, 12, 3), params.stream().map(t -> t.parameterIndex(sql)).toList());
        assertEquals(2, sig(sql).stream().filter(t -> t.type() == TokenType.STRING).count());
    }

    @Test
    void dollarInsideIdentifierIsPartOfIt() {
        String sql = "SELECT a$b$c FROM t";
        assertEquals("IDENTIFIER:SELECT IDENTIFIER:a$b$c IDENTIFIER:FROM IDENTIFIER:t", describe(sql));
    }

    @Test
    void nestedBlockComments() {
        String sql = "/* outer /* inner */ still comment */ SELECT 1 -- tail";
        List<Token> all = SqlLexer.tokenize(sql);
        assertEquals(TokenType.COMMENT, all.get(0).type());
        assertEquals("/* outer /* inner */ still comment */", all.get(0).text(sql));
        assertEquals("IDENTIFIER:SELECT NUMBER:1", describe(sql));
        assertEquals("-- tail", all.get(all.size() - 1).text(sql));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "SELECT 'abc|STRING",
        "SELECT E'abc\\'|STRING",
        "SELECT \"abc|QUOTED_IDENTIFIER",
        "SELECT $x$abc$y$|STRING",
        "SELECT 1 /* a /* b */|COMMENT",
    })
    void unterminatedTokensRunToTheEndFlagged(String sql, TokenType type) {
        List<Token> all = SqlLexer.tokenize(sql);
        Token last = all.get(all.size() - 1);
        assertEquals(type, last.type());
        assertTrue(last.unterminated());
        assertEquals(sql.length(), last.end());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "a::int|IDENTIFIER:a OPERATOR::: IDENTIFIER:int",
        "p->>'k'|IDENTIFIER:p OPERATOR:->> STRING:'k'",
        "p->'k'|IDENTIFIER:p OPERATOR:-> STRING:'k'",
        "a @> b|IDENTIFIER:a OPERATOR:@> IDENTIFIER:b",
        "a<>b|IDENTIFIER:a OPERATOR:<> IDENTIFIER:b",
        "a=-1|IDENTIFIER:a OPERATOR:= OPERATOR:- NUMBER:1",
        "a@-1|IDENTIFIER:a OPERATOR:@- NUMBER:1",
        "a*-- c|IDENTIFIER:a OPERATOR:*",
        "x := 1|IDENTIFIER:x OPERATOR::= NUMBER:1",
        "tags[2:3]|IDENTIFIER:tags PUNCTUATION:[ NUMBER:2 OPERATOR:: NUMBER:3 PUNCTUATION:]",
        "s.t|IDENTIFIER:s PUNCTUATION:. IDENTIFIER:t",
        "e ~* 'x'|IDENTIFIER:e OPERATOR:~* STRING:'x'",
        "f(a => 1);|IDENTIFIER:f PUNCTUATION:( IDENTIFIER:a OPERATOR:=> NUMBER:1 PUNCTUATION:) PUNCTUATION:;",
    })
    void operatorsAndPunctuation(String sql, String expected) {
        assertEquals(expected, describe(sql));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "42|42", "3.14|3.14", ".5|.5", "1e10|1e10", "1.5E-3|1.5E-3", "0x1F|31", "0o17|15", "0b101|5",
        "1_000_000|1000000", "5.|5.",
    })
    void numbers(String sql, String value) {
        Token t = only(sql);
        assertEquals(TokenType.NUMBER, t.type());
        assertEquals(value, t.value(sql));
    }

    @Test
    void tokensCoverTheInputExactly() {
        String sql = "SELECT /* c */ 'a''b', \"X\"\n\t-- d\n FROM t WHERE x = $1::int; $$q$$";
        int at = 0;
        for (Token t : SqlLexer.tokenize(sql)) {
            assertEquals(at, t.start());
            at = t.end();
        }
        assertEquals(sql.length(), at);
    }

    @Test
    void garbageNeverThrowsAndIsCovered() {
        Random random = new Random(42);
        String alphabet = "'\"$-/*;()[]{}\\eEuUbBxX&0123456789._:=<>!@#%^|`?+ \n\tabcSELECT\u00e9\uD83D\uDE00";
        for (int round = 0; round < 3000; round++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(60);
            for (int i = 0; i < n; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String sql = sb.toString();
            int at = 0;
            for (Token t : SqlLexer.tokenize(sql)) {
                assertEquals(at, t.start(), sql);
                assertTrue(t.end() > t.start(), sql);
                t.value(sql);
                at = t.end();
            }
            assertEquals(sql.length(), at, sql);
            SqlLexer.splitStatements(sql);
        }
    }

    @Test
    void strayCharactersAreUnknownTokens() {
        assertEquals("IDENTIFIER:a UNKNOWN:\\ UNKNOWN:$ IDENTIFIER:b UNKNOWN:{", describe("a \\ $ b {"));
    }
}
