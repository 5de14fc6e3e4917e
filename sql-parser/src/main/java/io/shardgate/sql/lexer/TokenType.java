package io.shardgate.sql.lexer;

/** The kinds of token the PostgreSQL lexer produces. */
public enum TokenType {
    /** An unquoted name or keyword; its value is folded to lower case (ASCII only, as PostgreSQL does for UTF-8). */
    IDENTIFIER,
    /** A {@code "quoted"} or {@code U&"quoted"} name; its value keeps its case exactly. */
    QUOTED_IDENTIFIER,
    /** A string constant in any quoting form: {@code '..'}, {@code E'..'}, {@code U&'..'}, {@code B'..'}, {@code X'..'}, {@code N'..'}, {@code $tag$..$tag$}. */
    STRING,
    /** A numeric constant: integer, decimal, exponent, {@code 0x}/{@code 0o}/{@code 0b}, with {@code _} separators. */
    NUMBER,
    /** A positional parameter {@code $n}. */
    PARAMETER,
    /** An operator, including {@code ::}, {@code :=}, {@code :}, {@code ->>}, {@code @>}. */
    OPERATOR,
    /** One of {@code ( ) , ; [ ] .}. */
    PUNCTUATION,
    /** A {@code --} line comment or a block comment (block comments nest, as in PostgreSQL). */
    COMMENT,
    /** A run of white space. */
    WHITESPACE,
    /** A character PostgreSQL would reject (e.g. a lone {@code $} or {@code \}); never thrown, reported as a token. */
    UNKNOWN
}
