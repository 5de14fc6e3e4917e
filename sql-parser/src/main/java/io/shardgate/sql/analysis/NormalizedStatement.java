package io.shardgate.sql.analysis;

import io.shardgate.sql.lexer.Token;
import java.util.List;

/**
 * A statement as the analysis cache sees it, from a single lexing pass.
 *
 * @param key          its shape
 * @param literalTexts every text a {@link KeyValue.Literal} of this statement can have, in token order: the
 *                     value of each number and string token and, for a number right after {@code -}, also
 *                     the negated value; an {@link AnalysisShape} refers to literals by index into this array
 * @param tokens       all its tokens, so that a cache miss does not lex it again
 */
record NormalizedStatement(ShapeKey key, String[] literalTexts, List<Token> tokens) {
}
