package io.shardgate.router.fanout;

import io.shardgate.engine.Concat;
import io.shardgate.engine.HashDistinct;
import io.shardgate.engine.Limit;
import io.shardgate.engine.MergeSort;
import io.shardgate.engine.Operator;
import io.shardgate.engine.Project;
import io.shardgate.engine.Route;
import io.shardgate.engine.SortKey;
import io.shardgate.router.errors.SqlError;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.calcite.sql.SqlIdentifier;

/**
 * Plans a SELECT without aggregates: the shards run it as written (ORDER BY, DISTINCT) with LIMIT offset +
 * count instead of LIMIT / OFFSET; the merge is a {@link Concat}, or a {@link MergeSort} on the ORDER BY
 * keys, then {@link HashDistinct} for DISTINCT, {@link Limit} for the window. ORDER BY keys that are not
 * output columns travel as hidden columns: trailing ones removed by a {@link Project}, or, after
 * {@code SELECT *} (whose width is unknown), leading ones dropped by {@link FanoutPlan#open}.
 */
final class RowPlanner {
  /** An ORDER BY key before column numbers are final: an output column or the n-th hidden column. */
  private record Key(boolean hidden, int index, OrderItem item) {}

  private final SelectStatement st;
  private final SourceTokens ts;
  private final HiddenColumns hidden;
  private final int firstStar;
  private final List<Key> distinctOnKeys = new ArrayList<>();

  private RowPlanner(SelectStatement st) {
    this.st = st;
    this.ts = st.ts;
    this.hidden = new HiddenColumns(ts);
    int star = st.items.size();
    for (SelectItem item : st.items) {
      if (item.star()) {
        star = Math.min(star, item.index());
      }
    }
    this.firstStar = star;
  }

  static FanoutPlan plan(SelectStatement st, int shards) {
    return new RowPlanner(st).plan(shards);
  }

  private FanoutPlan plan(int shards) {
    List<Key> keys = new ArrayList<>();
    for (OrderItem o : st.orderBy) {
      keys.add(key(o));
    }
    for (Span on : st.distinctOn) {
      distinctOnKeys.add(distinctOnKey(on));
    }
    boolean star = st.hasStar();
    int leading = star ? hidden.size() : 0;
    int items = st.items.size();
    ShardSqlEdits edits = new ShardSqlEdits(ts);
    List<SortKey> sortKeys = new ArrayList<>();
    for (Key k : keys) {
      int column = k.hidden() ? (star ? k.index() : items + k.index()) : leading + k.index();
      sortKeys.add(new SortKey(column, k.item().descending(), k.item().nullsFirst()));
      if (leading > 0 && !k.hidden() && SelectStatement.position(k.item().node()) != null) {
        edits.replace(k.item().expression(), Integer.toString(k.index() + 1 + leading)); // shard positions shift
      }
    }
    if (!hidden.isEmpty()) {
      Span list = st.clauses.list();
      if (star) {
        edits.insertBefore(list.from(), String.join(", ", hidden.texts()) + ", ");
      } else {
        edits.insertAfter(list.to() - 1, ", " + String.join(", ", hidden.texts()));
      }
    }
    if (st.clauses.limitTail >= 0) {
      Span tail = st.clauses.clause(st.clauses.limitTail);
      long perShard = st.limit.perShard();
      if (perShard == Limit.ALL) {
        edits.removeWithSpaceBefore(tail);
      } else {
        edits.replace(tail, "LIMIT " + perShard);
      }
    }
    Route route = new Route(shards);
    Operator op = sortKeys.isEmpty() ? new Concat(route) : new MergeSort(sortKeys, route);
    if (st.distinctRows()) {
      op = HashDistinct.all(op);
    } else if (!distinctOnKeys.isEmpty()) {
      List<Integer> columns = new ArrayList<>();
      for (Key k : distinctOnKeys) {
        columns.add(k.hidden() ? (star ? k.index() : items + k.index()) : leading + k.index());
      }
      // sorted by the ORDER BY, whose leading keys PostgreSQL requires to be the DISTINCT ON ones: equal keys
      // are adjacent and the first of each run is the one PostgreSQL keeps; without ORDER BY any row will do
      op = sortKeys.isEmpty() ? new HashDistinct(columns, op) : new io.shardgate.engine.Distinct(columns, op);
    }
    if (!st.limit.isNone()) {
      op = new Limit(st.limit.offset(), st.limit.count(), op);
    }
    if (!hidden.isEmpty() && !star) {
      op = Project.columns(op, IntStream.range(0, items).toArray());
    }
    return new FanoutPlan(edits.apply(), op, leading).passingThrough(leading, star ? 0 : hidden.size());
  }

  /** A DISTINCT ON expression as a column: an output column of equal text (or name), else a hidden column. */
  private Key distinctOnKey(Span on) {
    List<String> shape = ts.shape(on);
    if (shape.size() == 1 && shape.get(0).matches("d:[0-9]+")) {
      int p = Integer.parseInt(shape.get(0).substring(2));
      if (p < 1 || (firstStar == st.items.size() && p > firstStar)) {
        throw new SqlError("42P10", "DISTINCT ON position " + p + " is not in select list", null, null);
      }
      if (p > firstStar) {
        throw FanoutRefusal.construct("DISTINCT ON position " + p + " at or after a *",
            "the router reads DISTINCT ON positions only before the first * of the select list.");
      }
      return new Key(false, p - 1, null);
    }
    for (SelectItem i : st.items) {
      if (!i.star() && i.index() < firstStar
          && (List.of("n:" + i.outputName()).equals(shape) || ts.shape(i.expression()).equals(shape))) {
        return new Key(false, i.index(), null);
      }
    }
    return new Key(true, hidden.add(on), null);
  }

  /** Resolves an ORDER BY entry as PostgreSQL does: position, output column name, then expression. */
  private Key key(OrderItem o) {
    Integer position = SelectStatement.position(o.node());
    if (position != null) {
      int p = position;
      if (p < 1 || (firstStar == st.items.size() && p > st.items.size())) {
        throw new SqlError("42P10", "ORDER BY position " + ts.text(o.expression()) + " is not in select list", null,
            null);
      }
      return new Key(false, p - 1, o);
    }
    SelectItem match = null;
    if (o.node() instanceof SqlIdentifier id && id.isSimple() && !id.isStar()) {
      match = st.items.stream().filter(i -> !i.star() && i.outputName().equals(id.getSimple())).findFirst()
          .orElse(null);
    }
    if (match == null) {
      List<String> shape = ts.shape(o.expression());
      match = st.items.stream().filter(i -> !i.star() && ts.shape(i.expression()).equals(shape)).findFirst()
          .orElse(null);
    }
    if (match != null && match.index() < firstStar) {
      return new Key(false, match.index(), o);
    }
    Span text = match != null ? match.expression() : o.expression();
    // Under DISTINCT a hidden column must not split rows: it must equal an output column (a match), or be a
    // column of a bare * (then it is among the output columns too).
    boolean bareStar = st.items.stream().anyMatch(i -> i.star() && ((SqlIdentifier) i.node()).names.size() == 1);
    if (st.distinctRows() && match == null && !(bareStar && o.node() instanceof SqlIdentifier)) {
      throw FanoutRefusal.construct("ORDER BY \"" + ts.text(o.expression()) + "\" outside the SELECT DISTINCT list",
          "the router matches ORDER BY to the DISTINCT list by its text and found no equal select-list item.");
    }
    return new Key(true, hidden.add(text), o);
  }
}
