package io.shardgate.sql.lexer;

/** One statement cut out of a multi-statement string: its text and the offset of its first character in the input. */
public record StatementText(String text, int offset) {
}
