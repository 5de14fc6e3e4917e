package io.shardgate.router.fanout;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParseException;

/**
 * A client SELECT read for fan-out: its clauses and items as token ranges of the client's text (what the
 * shard SQL is spliced from) paired with Calcite's nodes (what they mean). Everything the merge cannot
 * reproduce as one database would is refused here or by the planners, never guessed.
 */
final class SelectStatement {
  final SourceTokens ts;
  final SelectClauses clauses;
  final SqlSelect select;
  final List<SelectItem> items;
  final List<Span> groupBy;
  final List<SqlNode> groupByNodes;
  final List<OrderItem> orderBy;
  final LimitClause limit;
  /** The DISTINCT ON expressions, empty without DISTINCT ON. */
  final List<Span> distinctOn;

  private SelectStatement(SourceTokens ts, SelectClauses clauses, SqlSelect select, SqlNodeList orderList,
                          LimitClause limit) {
    this.ts = ts;
    this.clauses = clauses;
    this.select = select;
    this.limit = limit;
    this.items = items(ts, clauses, select);
    this.groupByNodes = select.getGroup() == null ? List.of() : select.getGroup().getList();
    this.groupBy = groupBy(ts, clauses, groupByNodes);
    this.orderBy = orderBy(ts, clauses, orderList);
    this.distinctOn = clauses.distinctOn == null ? List.of()
        : List.copyOf(ts.splitOnCommas(clauses.distinctOn.from(), clauses.distinctOn.to()));
  }

  /** Plain SELECT DISTINCT (over whole rows), not DISTINCT ON. */
  boolean distinctRows() {
    return clauses.distinct && clauses.distinctOn == null;
  }

  static SelectStatement parse(String sql) {
    return parse(sql, ShardKeys.NONE);
  }

  static SelectStatement parse(String sql, ShardKeys keys) {
    SourceTokens ts = new SourceTokens(sql == null ? "" : sql);
    if (ts.unterminated()) {
      throw FanoutRefusal.unparsable("A string, quoted name or comment is not closed.");
    }
    int end = 0;
    while (end < ts.size() && !(ts.ch(end, ';') && ts.depth(end) == 0)) {
      end++;
    }
    for (int i = end; i < ts.size(); i++) {
      if (!ts.ch(i, ';')) {
        throw FanoutRefusal.severalStatements();
      }
    }
    if (ts.word(0, "with")) {
      throw FanoutRefusal.construct("WITH (a common table expression)",
          "each shard would compute the WITH queries over its own rows only.");
    }
    if (!ts.word(0, "select")) {
      throw FanoutRefusal.notSelect();
    }
    SelectClauses c = SelectClauses.scan(ts, end);
    refuseClauses(ts, c);
    LimitClause limit = c.limitTail < 0 ? LimitClause.NONE : LimitClause.parse(ts, c.clause(c.limitTail));
    SqlNode root;
    try {
      root = CalciteInput.parse(ts, c.limitTail < 0 ? end : c.limitTail);
    } catch (SqlParseException e) {
      String m = String.valueOf(e.getMessage());
      throw FanoutRefusal.unparsable(m.lines().findFirst().orElse(m));
    } catch (RuntimeException | StackOverflowError e) {
      throw FanoutRefusal.unparsable(String.valueOf(e.getMessage()));
    }
    SqlNodeList orderList = null;
    if (root instanceof SqlOrderBy ob) {
      orderList = ob.orderList;
      root = ob.query;
    }
    if (!(root instanceof SqlSelect select)) {
      throw FanoutRefusal.notSelect();
    }
    if (orderList == null) {
      orderList = select.getOrderList();
    }
    Subqueries.check(select, orderList, keys);
    return new SelectStatement(ts, c, select, orderList, limit);
  }

  private static void refuseClauses(SourceTokens ts, SelectClauses c) {
    if (c.setOperation >= 0) {
      throw FanoutRefusal.construct(ts.value(c.setOperation).toUpperCase(java.util.Locale.ROOT),
          "the set operation would be applied to each shard's rows separately.");
    }
    if (c.into >= 0) {
      throw FanoutRefusal.construct("SELECT INTO", "each shard would create its own table.");
    }
    if (c.locking >= 0) {
      throw FanoutRefusal.construct("a locking clause (FOR UPDATE / FOR SHARE)",
          "the rows would be locked on every shard in separate transactions.");
    }
    if (c.window >= 0) {
      throw FanoutRefusal.construct("a WINDOW clause", "window functions would see each shard's rows only.");
    }
    if (c.orderBy >= 0) {
      Span order = c.body(c.orderBy, 2);
      for (int i = order.from(); i < order.to(); i++) {
        if (ts.word(i, "using") && ts.depth(i) == ts.depth(c.orderBy)) {
          throw FanoutRefusal.construct("ORDER BY ... USING", "the merge sorts only by ASC and DESC.");
        }
      }
    }
    if (c.from < 0) {
      throw FanoutRefusal.construct("a SELECT without FROM", "every shard would return the same rows.");
    }
  }

  /** The value of an integer constant such as the 2 of {@code ORDER BY 2}, clamped to int; null otherwise. */
  static Integer position(SqlNode node) {
    if (node instanceof SqlNumericLiteral lit && lit.isInteger()) {
      BigDecimal v = lit.getValueAs(BigDecimal.class);
      return v.max(BigDecimal.valueOf(Integer.MIN_VALUE)).min(BigDecimal.valueOf(Integer.MAX_VALUE)).intValue();
    }
    return null;
  }

  boolean hasStar() {
    return items.stream().anyMatch(SelectItem::star);
  }

  /** Whether the statement aggregates: GROUP BY, or an aggregate call in the select list, HAVING or ORDER BY. */
  boolean aggregates() {
    if (clauses.groupBy >= 0 || clauses.having >= 0) {
      return true;
    }
    for (SelectItem item : items) {
      if (AggregateCalls.contains(item.node())) {
        return true;
      }
    }
    for (OrderItem o : orderBy) {
      if (AggregateCalls.contains(o.node())) {
        return true;
      }
    }
    return false;
  }

  private static List<SelectItem> items(SourceTokens ts, SelectClauses c, SqlSelect select) {
    List<Span> spans = ts.splitOnCommas(c.list().from(), c.list().to());
    SqlNodeList nodes = select.getSelectList();
    if (spans.size() != nodes.size()) {
      throw FanoutRefusal.unparsable("The select list has " + spans.size() + " items by its commas but "
          + nodes.size() + " as parsed.");
    }
    List<SelectItem> items = new ArrayList<>();
    for (int i = 0; i < spans.size(); i++) {
      Span span = spans.get(i);
      SqlNode node = nodes.get(i);
      String alias = null;
      Span expression = span;
      if (node.getKind() == SqlKind.AS) {
        node = ((SqlCall) node).operand(0);
        int last = span.to() - 1;
        alias = ts.value(last);
        expression = new Span(span.from(), ts.word(last - 1, "as") ? last - 1 : last);
      }
      boolean star = node instanceof SqlIdentifier id && id.isStar();
      items.add(new SelectItem(i, span, expression, node, alias, alias != null ? alias : OutputNames.of(node),
          star));
    }
    return List.copyOf(items);
  }

  private static List<Span> groupBy(SourceTokens ts, SelectClauses c, List<SqlNode> nodes) {
    if (c.groupBy < 0) {
      return List.of();
    }
    Span body = c.body(c.groupBy, 2);
    if (ts.word(body.from(), "all") || ts.word(body.from(), "distinct")) {
      throw FanoutRefusal.construct("GROUP BY " + ts.value(body.from()).toUpperCase(java.util.Locale.ROOT),
          "the router does not read this form of GROUP BY.");
    }
    for (SqlNode n : nodes) {
      SqlKind k = n.getKind();
      if (k == SqlKind.ROLLUP || k == SqlKind.CUBE || k == SqlKind.GROUPING_SETS || n instanceof SqlNodeList) {
        throw FanoutRefusal.construct("GROUP BY ROLLUP / CUBE / GROUPING SETS",
            "grouping sets are not re-combined by the merge.");
      }
    }
    List<Span> spans = ts.splitOnCommas(body.from(), body.to());
    if (spans.size() != nodes.size() || spans.stream().anyMatch(Span::isEmpty)) {
      throw FanoutRefusal.unparsable("GROUP BY has " + spans.size() + " items by its commas but " + nodes.size()
          + " as parsed.");
    }
    return List.copyOf(spans);
  }

  private static List<OrderItem> orderBy(SourceTokens ts, SelectClauses c, SqlNodeList nodes) {
    if (c.orderBy < 0) {
      return List.of();
    }
    Span body = c.body(c.orderBy, 2);
    List<Span> spans = ts.splitOnCommas(body.from(), body.to());
    if (nodes == null || spans.size() != nodes.size()) {
      throw FanoutRefusal.unparsable("ORDER BY has " + spans.size() + " items by its commas but "
          + (nodes == null ? 0 : nodes.size()) + " as parsed.");
    }
    List<OrderItem> out = new ArrayList<>();
    for (int i = 0; i < spans.size(); i++) {
      Span s = spans.get(i);
      int to = s.to();
      Boolean nullsFirst = null;
      if (ts.word(to - 2, "nulls") && (ts.word(to - 1, "first") || ts.word(to - 1, "last"))) {
        nullsFirst = ts.word(to - 1, "first");
        to -= 2;
      }
      boolean descending = false;
      if (ts.word(to - 1, "desc") || ts.word(to - 1, "asc")) {
        descending = ts.word(to - 1, "desc");
        to--;
      }
      for (int k = s.from(); k < to; k++) {
        if (ts.word(k, "collate") && k + 1 < to) {
          String collation = ts.value(k + 1);
          if (!collation.equals("C") && !collation.equals("POSIX")) {
            throw FanoutRefusal.collation(ts.text(k + 1, k + 2));
          }
        }
      }
      if (to <= s.from()) {
        throw FanoutRefusal.unparsable("An ORDER BY item has no expression.");
      }
      SqlNode node = nodes.get(i);
      while (node.getKind() == SqlKind.DESCENDING || node.getKind() == SqlKind.NULLS_FIRST
          || node.getKind() == SqlKind.NULLS_LAST) {
        node = ((SqlBasicCall) node).operand(0);
      }
      out.add(new OrderItem(new Span(s.from(), to), node, descending,
          nullsFirst != null ? nullsFirst : descending));
    }
    return List.copyOf(out);
  }
}
