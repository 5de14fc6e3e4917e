package io.shardgate.router.frontend;

import io.shardgate.pgwire.message.Bind;
import io.shardgate.pgwire.message.Parse;
import io.shardgate.sql.lexer.SqlLexer;
import io.shardgate.sql.lexer.Token;
import io.shardgate.sql.lexer.TokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The unnamed Parse and Bind of one shard's part of a split INSERT (extended protocol): the part keeps only some
 * rows and so only some {@code $n}, which PostgreSQL could not type if they were missing, so they are renumbered
 * {@code $1..$k} in order, with their declared types and bound values (and formats, when given one per value).
 */
record ShardParameters(Parse parse, Bind bind) {

  /** {@code shardSql} (numbered as the client's statement) with the client's parameter types and Bind. */
  static ShardParameters of(String shardSql, List<Integer> types, Bind bind) {
    List<Token> tokens = SqlLexer.tokenize(shardSql);
    Map<Integer, Integer> renumbered = new TreeMap<>();
    for (Token t : tokens) {
      if (t.type() == TokenType.PARAMETER) {
        renumbered.put(t.parameterIndex(shardSql), 0);
      }
    }
    List<Integer> newTypes = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    List<Short> formats = new ArrayList<>();
    boolean formatEach = bind.parameterFormats().size() > 1;
    for (Map.Entry<Integer, Integer> e : renumbered.entrySet()) {
      int old = e.getKey() - 1;
      e.setValue(newTypes.size() + 1);
      newTypes.add(old < types.size() ? types.get(old) : 0);
      if (old < bind.parameters().size()) { // else PostgreSQL reports the missing value, as for the client's statement
        values.add(bind.parameters().get(old));
        if (formatEach) {
          formats.add(bind.parameterFormats().get(old));
        }
      }
    }
    StringBuilder text = new StringBuilder(shardSql.length());
    for (Token t : tokens) {
      text.append(t.type() == TokenType.PARAMETER ? "$" + renumbered.get(t.parameterIndex(shardSql)) : t.text(shardSql));
    }
    return new ShardParameters(new Parse("", text.toString(), newTypes),
        new Bind("", "", formatEach ? formats : bind.parameterFormats(), values, bind.resultFormats()));
  }
}
