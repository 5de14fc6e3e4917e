package io.shardgate.router.fanout;

import io.shardgate.engine.Concat;
import io.shardgate.engine.Expr;
import io.shardgate.engine.Filter;
import io.shardgate.engine.HashAggregate;
import io.shardgate.engine.HashDistinct;
import io.shardgate.engine.Limit;
import io.shardgate.engine.Operator;
import io.shardgate.engine.Project;
import io.shardgate.engine.Route;
import io.shardgate.engine.Sort;
import io.shardgate.engine.SortKey;
import io.shardgate.engine.aggregate.Aggregate;
import io.shardgate.engine.aggregate.ArrayAgg;
import io.shardgate.engine.aggregate.Avg;
import io.shardgate.engine.aggregate.BoolAnd;
import io.shardgate.engine.aggregate.BoolOr;
import io.shardgate.engine.aggregate.Count;
import io.shardgate.engine.aggregate.CountValues;
import io.shardgate.engine.aggregate.GroupValue;
import io.shardgate.engine.aggregate.Max;
import io.shardgate.engine.aggregate.Min;
import io.shardgate.engine.aggregate.StringAgg;
import io.shardgate.engine.aggregate.Sum;
import io.shardgate.router.errors.SqlError;
import io.shardgate.sql.lexer.TokenType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;

/**
 * Plans a SELECT with aggregates or GROUP BY. The shards compute per-group partials: the client's select
 * list with {@code avg(x)} as {@code sum(x)} plus a hidden {@code count(x)}, plus hidden grouping keys and
 * the aggregates HAVING and ORDER BY need; without HAVING, ORDER BY, LIMIT or OFFSET (a shard's partial
 * group says nothing about the group's total). The merge re-combines the partials per group
 * ({@link HashAggregate}), then applies HAVING ({@link Filter}), DISTINCT, ORDER BY ({@link Sort}, over the
 * groups), LIMIT and drops the hidden columns ({@link Project}).
 *
 * <p>string_agg and array_agg cannot be combined from partials: when the statement has one, the shards do not
 * group at all and return one row per input row: the grouping keys, each such aggregate's inputs (value,
 * delimiter, ORDER BY keys), and every other aggregate as a partial over that row alone (a window of one row,
 * {@value #ONE_ROW}, so each keeps PostgreSQL's own result type), combined as usual; {@link StringAgg} and
 * {@link ArrayAgg} sort and join the raw values.
 */
final class AggregatePlanner {
  private final SelectStatement st;
  private final SourceTokens ts;
  private final ShardSqlEdits edits;
  private final HiddenColumns hidden;
  private final int items;
  /** The merge's output columns: the client's items first, then what HAVING and ORDER BY need. */
  private final List<Aggregate> merged = new ArrayList<>();
  private final Map<List<String>, Integer> mergedByShape = new HashMap<>();
  /** The shape of the argument of count(DISTINCT ...), when there is one; its shard column. */
  private List<String> distinctArgument;
  private int distinctColumn = -1;
  /** Whether the shards return one row per input row (string_agg / array_agg need the raw values). */
  private boolean perRow;
  /** Makes an aggregate call a partial over its own input row. */
  private static final String ONE_ROW = " OVER (ROWS BETWEEN CURRENT ROW AND CURRENT ROW)";

  private AggregatePlanner(SelectStatement st) {
    this.st = st;
    this.ts = st.ts;
    this.edits = new ShardSqlEdits(ts);
    this.hidden = new HiddenColumns(ts);
    this.items = st.items.size();
  }

  static FanoutPlan plan(SelectStatement st, int shards) {
    return new AggregatePlanner(st).plan(shards);
  }

  private FanoutPlan plan(int shards) {
    if (!st.distinctOn.isEmpty()) {
      throw FanoutRefusal.construct("SELECT DISTINCT ON with aggregates or GROUP BY",
          "the merge picks the first row per key only of rows it does not aggregate.");
    }
    if (st.hasStar()) {
      throw FanoutRefusal.construct("SELECT * with aggregates or GROUP BY",
          "the router must know every output column to combine the groups.");
    }
    perRow = hasOrderedAggregate();
    for (SelectItem item : st.items) {
      merged.add(itemColumn(item));
      mergedByShape.putIfAbsent(ts.shape(item.expression()), item.index());
    }
    List<Integer> groupBy = new ArrayList<>();
    for (int g = 0; g < st.groupBy.size(); g++) {
      groupBy.add(groupColumn(st.groupBy.get(g), st.groupByNodes.get(g)));
    }
    Expr having = st.select.getHaving() == null ? null
        : new HavingTranslator(ts, this).translate(st.select.getHaving());
    List<SortKey> sortKeys = new ArrayList<>();
    for (OrderItem o : st.orderBy) {
      int column = orderColumn(o);
      if (st.clauses.distinct && column >= items) {
        throw FanoutRefusal.construct("ORDER BY \"" + ts.text(o.expression()) + "\" outside the SELECT DISTINCT list",
            "the router matches ORDER BY to the DISTINCT list by its text and found no equal select-list item.");
      }
      sortKeys.add(new SortKey(column, o.descending(), o.nullsFirst()));
    }
    SelectClauses c = st.clauses;
    for (int clause : new int[] {c.having, c.orderBy, c.limitTail}) {
      if (clause >= 0) {
        edits.removeWithSpaceBefore(c.clause(clause));
      }
    }
    if (!hidden.isEmpty()) {
      edits.insertAfter(c.list().to() - 1, ", " + String.join(", ", hidden.texts()));
    }
    if (perRow && distinctColumn >= 0) {
      throw FanoutRefusal.construct("count(DISTINCT ...) next to string_agg / array_agg",
          "the router merges string_agg and array_agg from every input row, and count(DISTINCT ...) from one row "
              + "per distinct value; it cannot do both at once.");
    }
    if (perRow) {
      if (c.groupBy >= 0) {
        edits.removeWithSpaceBefore(c.clause(c.groupBy));
      }
      if (c.distinct) {
        edits.removeWithSpaceBefore(new Span(1, 2)); // SELECT DISTINCT: raw rows must not be merged
      }
    }
    Operator op = new Concat(new Route(shards));
    if (distinctColumn >= 0) {
      groupShardsAlsoBy(Integer.toString(distinctColumn + 1));
      op = distinctPartials(groupBy, op);
    }
    op = new HashAggregate(groupBy, merged, op);
    if (having != null) {
      op = new Filter(having, op);
    }
    boolean extra = merged.size() > items;
    if (c.distinct) {
      op = extra ? new HashDistinct(range(items), op) : HashDistinct.all(op);
    }
    if (!sortKeys.isEmpty()) {
      op = new Sort(sortKeys, op);
    }
    if (!st.limit.isNone()) {
      op = new Limit(st.limit.offset(), st.limit.count(), op);
    }
    if (extra) {
      op = Project.columns(op, range(items).stream().mapToInt(Integer::intValue).toArray());
    }
    return new FanoutPlan(edits.apply(), op, 0);
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  /** The merge of one client item: a grouping value passed through, or a re-combined aggregate. */
  private Aggregate itemColumn(SelectItem item) {
    SqlNode node = item.node();
    if (!AggregateCalls.isAggregate(node)) {
      if (AggregateCalls.contains(node)) {
        throw FanoutRefusal.expressionOverAggregate(ts.text(item.expression()));
      }
      return new GroupValue(item.index());
    }
    AggregateText at = locate((SqlCall) node);
    if (AggregateCalls.isOrdered((SqlCall) node)) {
      return ordered(at, item);
    }
    if (AggregateCalls.isCountDistinct((SqlCall) node)) {
      // the shard column becomes the argument itself (grouped by on the shards), named as the client's column
      edits.replace(item.expression(), ts.text(distinctArgumentSpan(at))
          + (item.alias() == null ? " AS " + quote(item.outputName()) : ""));
      return new CountValues(distinctColumn(at, item.index()));
    }
    if (!at.function().equals("avg")) {
      if (perRow) {
        edits.insertAfter(at.whole().to() - 1, ONE_ROW);
      }
      return combine(at.function(), item.index());
    }
    // avg = sum / count: the shard's column becomes sum(x), named as the client's avg column
    String sum = partial(at.rewrite(ts, "sum")) + (item.alias() == null ? " AS " + quote(item.outputName()) : "");
    edits.replace(item.expression(), sum);
    return new Avg(item.index(), items + hidden.add(partial(at.rewrite(ts, "count"))));
  }

  /** A GROUP BY entry as a shard column: a select-list item (by position or equal text) or a hidden key. */
  private int groupColumn(Span span, SqlNode node) {
    Integer position = SelectStatement.position(node);
    if (position != null) {
      int p = position;
      if (p < 1 || p > items) {
        throw new SqlError("42P10", "GROUP BY position " + ts.text(span) + " is not in select list", null, null);
      }
      if (AggregateCalls.contains(st.items.get(p - 1).node())) {
        throw new SqlError("42803", "aggregate functions are not allowed in GROUP BY", null, null);
      }
      return p - 1;
    }
    List<String> shape = ts.shape(span);
    for (SelectItem item : st.items) {
      if (!AggregateCalls.contains(item.node()) && ts.shape(item.expression()).equals(shape)) {
        return item.index();
      }
    }
    if (node instanceof SqlIdentifier id && id.isSimple()) {
      for (SelectItem item : st.items) {
        if (item.alias() != null && item.alias().equals(id.getSimple())) {
          throw FanoutRefusal.groupByAlias(item.alias());
        }
      }
    }
    return items + hidden.add(span);
  }

  /** An ORDER BY entry as a merge column: position, output name, equal text, or a new hidden column. */
  private int orderColumn(OrderItem o) {
    SqlNode node = o.node();
    Integer position = SelectStatement.position(node);
    if (position != null) {
      int p = position;
      if (p < 1 || p > items) {
        throw new SqlError("42P10", "ORDER BY position " + ts.text(o.expression()) + " is not in select list", null,
            null);
      }
      return p - 1;
    }
    if (node instanceof SqlIdentifier id && id.isSimple()) {
      for (SelectItem item : st.items) {
        if (item.outputName().equals(id.getSimple())) {
          return item.index();
        }
      }
    }
    return column(node, o.expression());
  }

  /**
   * The merge column of an expression HAVING or ORDER BY uses: an equal select-list item, or else a new
   * column, an aggregate re-combined from hidden shard columns or a grouping expression passed through.
   */
  int column(SqlNode node, Span span) {
    if (AggregateCalls.isAggregate(node)) {
      AggregateText at = locate((SqlCall) node);
      List<String> shape = ts.shape(at.whole());
      Integer known = mergedByShape.get(shape);
      if (known != null) {
        return known;
      }
      if (AggregateCalls.isOrdered((SqlCall) node)) {
        return addMerged(shape, ordered(at, null));
      }
      if (AggregateCalls.isCountDistinct((SqlCall) node)) {
        return addMerged(shape, new CountValues(distinctColumn(at, items + hidden.add(distinctArgumentSpan(at)))));
      }
      Aggregate a = at.function().equals("avg")
          ? new Avg(items + hidden.add(partial(at.rewrite(ts, "sum"))), items + hidden.add(partial(at.rewrite(ts, "count"))))
          : combine(at.function(), items + (perRow ? hidden.add(partial(ts.text(at.whole())))
              : hidden.add(at.whole())));
      return addMerged(shape, a);
    }
    if (AggregateCalls.contains(node)) {
      throw FanoutRefusal.expressionOverAggregate(ts.text(span));
    }
    List<String> shape = ts.shape(span);
    Integer known = mergedByShape.get(shape);
    return known != null ? known : addMerged(shape, new GroupValue(items + hidden.add(span)));
  }

  /**
   * string_agg / array_agg from raw per-row inputs: the value (in the client's column when {@code item} is
   * given, else hidden), the delimiter and the ORDER BY keys as hidden columns.
   */
  private Aggregate ordered(AggregateText at, SelectItem item) {
    OrderedCall call = OrderedCall.parse(ts, at);
    String value = ts.text(call.arguments().get(0));
    int valueColumn;
    if (item != null) {
      edits.replace(item.expression(), value + (item.alias() == null ? " AS " + quote(item.outputName()) : ""));
      valueColumn = item.index();
    } else {
      valueColumn = items + hidden.add(value);
    }
    List<SortKey> order = new ArrayList<>();
    for (OrderedCall.Key k : call.orderBy()) {
      order.add(new SortKey(items + hidden.add(k.expression()), k.descending(),
          k.nullsFirst()));
    }
    if (at.function().equals("array_agg")) {
      return new ArrayAgg(valueColumn, order);
    }
    return new StringAgg(valueColumn, items + hidden.add(delimiter(call)), order);
  }

  /**
   * string_agg's delimiter as the shards return it. A bare constant or parameter has no type of its own inside
   * array_agg (PostgreSQL gives it the value's, text or bytea, in string_agg): a CASE lends it the value's type.
   */
  private String delimiter(OrderedCall call) {
    Span d = call.arguments().get(1);
    boolean bare = d.to() - d.from() == 1
        && (ts.type(d.from(), TokenType.STRING) || ts.type(d.from(), TokenType.PARAMETER));
    return bare ? "CASE WHEN false THEN " + ts.text(call.arguments().get(0)) + " ELSE " + ts.text(d) + " END"
        : ts.text(d);
  }

  /** A combinable aggregate as the shards compute it: per group, or per row in a statement that needs rows. */
  private String partial(String aggregate) {
    return perRow ? aggregate + ONE_ROW : aggregate;
  }

  /** Whether any aggregate of the statement is string_agg / array_agg. */
  private boolean hasOrderedAggregate() {
    List<SqlNode> nodes = new ArrayList<>();
    st.items.forEach(i -> nodes.add(i.node()));
    st.orderBy.forEach(o -> nodes.add(o.node()));
    if (st.select.getHaving() != null) {
      nodes.add(st.select.getHaving());
    }
    for (SqlNode n : nodes) {
      if (n != null && AggregateCalls.find(n).stream().anyMatch(AggregateCalls::isOrdered)) {
        return true;
      }
    }
    return false;
  }

  private int addMerged(List<String> shape, Aggregate a) {
    merged.add(a);
    mergedByShape.put(shape, merged.size() - 1);
    return merged.size() - 1;
  }

  /** The x of count(DISTINCT x). */
  private Span distinctArgumentSpan(AggregateText at) {
    Span a = at.arguments();
    return ts.word(a.from(), "distinct") ? new Span(a.from() + 1, a.to()) : a;
  }

  /** Notes the shard column of count(DISTINCT ...)'s argument; one argument per statement. */
  private int distinctColumn(AggregateText at, int column) {
    List<String> shape = ts.shape(distinctArgumentSpan(at));
    if (distinctArgument != null && !distinctArgument.equals(shape)) {
      throw FanoutRefusal.aggregate("count(DISTINCT ...) of two different expressions");
    }
    if (distinctArgument == null) {
      distinctArgument = shape;
      distinctColumn = column;
    }
    return distinctColumn;
  }

  /**
   * count(DISTINCT x): the shards also group by x, so each returns every (group, x) once with its partials;
   * a first merge combines equal (group, x) rows from different shards, column by column as the second one
   * will, and the second merge (the client's grouping) counts the x values.
   */
  private Operator distinctPartials(List<Integer> groupBy, Operator input) {
    int width = items + hidden.size();
    Aggregate[] perColumn = new Aggregate[width];
    for (Aggregate a : merged) {
      if (a instanceof Count c) {
        perColumn[c.column()] = new Count(c.column());
      } else if (a instanceof Sum c) {
        perColumn[c.column()] = new Sum(c.column());
      } else if (a instanceof Min c) {
        perColumn[c.column()] = new Min(c.column());
      } else if (a instanceof Max c) {
        perColumn[c.column()] = new Max(c.column());
      } else if (a instanceof BoolAnd c) {
        perColumn[c.column()] = new BoolAnd(c.column());
      } else if (a instanceof BoolOr c) {
        perColumn[c.column()] = new BoolOr(c.column());
      } else if (a instanceof Avg c) {
        perColumn[c.sumColumn()] = new Sum(c.sumColumn());
        perColumn[c.countColumn()] = new Count(c.countColumn());
      }
    }
    List<Aggregate> columns = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      columns.add(perColumn[i] != null ? perColumn[i] : new GroupValue(i));
    }
    List<Integer> keys = new ArrayList<>(groupBy);
    if (!keys.contains(distinctColumn)) {
      keys.add(distinctColumn);
    }
    return new HashAggregate(keys, columns, input);
  }

  /** Groups the shard SQL also by {@code position} (count(DISTINCT ...)'s argument column, or ctid). */
  private void groupShardsAlsoBy(String position) {
    SelectClauses c = st.clauses;
    if (c.groupBy >= 0) {
      edits.insertAfter(c.clause(c.groupBy).to() - 1, ", " + position);
      return;
    }
    int at = c.end;
    for (int clause : new int[] {c.having, c.window, c.orderBy, c.limitTail}) {
      if (clause >= 0) {
        at = Math.min(at, clause);
      }
    }
    edits.insertAfter(at - 1, " GROUP BY " + position);
  }

  private AggregateText locate(SqlCall call) {
    if (AggregateCalls.isCountDistinct(call)) {
      return AggregateText.locate(ts, call);
    }
    String why = AggregateCalls.unsupported(call);
    if (why != null) {
      throw FanoutRefusal.aggregate(why);
    }
    return AggregateText.locate(ts, call);
  }

  private static Aggregate combine(String function, int column) {
    return switch (function) {
      case "count" -> new Count(column);
      case "sum" -> new Sum(column);
      case "min" -> new Min(column);
      case "max" -> new Max(column);
      case "bool_and", "every" -> new BoolAnd(column);
      case "bool_or" -> new BoolOr(column);
      default -> throw new IllegalStateException("not combinable: " + function);
    };
  }

  private static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
