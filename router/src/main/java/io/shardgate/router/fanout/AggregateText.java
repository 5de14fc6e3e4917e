package io.shardgate.router.fanout;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Where an aggregate call is in the client's text: the whole call ({@code pg_catalog.avg(x) FILTER (...)}),
 * its function name, the tokens between its parentheses, and the FILTER clause if any.
 */
record AggregateText(Span whole, String function, Span arguments, Span filter) {
  /**
   * Finds {@code call} (as Calcite parsed it) in the tokens: Calcite places a call at its function name, or
   * at the first of the parentheses around it.
   */
  static AggregateText locate(SourceTokens ts, SqlCall call) {
    SqlCall inner = AggregateCalls.unwrap(call);
    String function = AggregateCalls.name(inner);
    SqlParserPos pos = inner.getParserPosition();
    int name = pos.getLineNum() == 1 ? ts.indexAt(pos.getColumnNum() - 1) : -1;
    while (name >= 0 && ts.ch(name, '(')) { // a parenthesised call starts at its first parenthesis
      name++;
    }
    if (function == null || name < 0 || !ts.isAnyIdentifier(name) || !ts.value(name).equalsIgnoreCase(function)
        || !ts.ch(name + 1, '(')) {
      throw FanoutRefusal.unparsable("The router could not find the aggregate call " + inner + " in the text.");
    }
    int start = name;
    while (ts.ch(start - 1, '.') && ts.isAnyIdentifier(start - 2)) {
      start -= 2;
    }
    int close = ts.close(name + 1);
    int end = close + 1;
    if (ts.word(end, "within")) {
      throw FanoutRefusal.aggregate(function + "(...) WITHIN GROUP (...)");
    }
    Span filter = null;
    if (ts.word(end, "filter") && ts.ch(end + 1, '(')) {
      filter = new Span(end, ts.close(end + 1) + 1);
      end = filter.to();
    }
    if (end > ts.size()) {
      throw FanoutRefusal.unparsable("Unbalanced parentheses after " + function + ".");
    }
    return new AggregateText(new Span(start, end), function, new Span(name + 2, close), filter);
  }

  /** {@code function(arguments) [FILTER (...)]} in the client's spelling, for another function name. */
  String rewrite(SourceTokens ts, String otherFunction) {
    return otherFunction + "(" + ts.text(arguments) + ")" + (filter == null ? "" : " " + ts.text(filter));
  }
}
