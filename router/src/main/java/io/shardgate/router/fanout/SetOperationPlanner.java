package io.shardgate.router.fanout;

import io.shardgate.engine.Concat;
import io.shardgate.engine.HashDistinct;
import io.shardgate.engine.Limit;
import io.shardgate.engine.MergeSort;
import io.shardgate.engine.Operator;
import io.shardgate.engine.Route;
import io.shardgate.engine.SetOperation;
import io.shardgate.engine.Sort;
import io.shardgate.engine.SortKey;
import io.shardgate.router.errors.SqlError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plans UNION / UNION ALL / INTERSECT / EXCEPT of plain SELECTs (no aggregates, DISTINCT, ORDER BY or LIMIT of
 * their own), with an ORDER BY on result columns and a LIMIT for the whole.
 *
 * <p>A chain of UNION ALL (or of UNION) runs on every shard as written (LIMIT offset + count) and is merged
 * like rows: {@code Concat} or {@code MergeSort}, then {@code HashDistinct} for UNION (a row kept by two
 * shards is one row). INTERSECT and EXCEPT [ALL] of two SELECTs cannot be applied per shard (a row of the
 * left side may meet its equal of the right side on another shard): the shards return both sides' rows
 * tagged with their side, and {@link SetOperation} applies the operation over all of them.
 */
final class SetOperationPlanner {
  private SetOperationPlanner() {}

  /** The statement split at its top-level set operations, or null when it has none. */
  record Parts(SourceTokens ts, List<Span> branches, List<String> operators, int tail, int end) {}

  static Parts split(String sql) {
    SourceTokens ts = new SourceTokens(sql == null ? "" : sql);
    if (ts.unterminated()) {
      return null;
    }
    int end = 0;
    while (end < ts.size() && !(ts.ch(end, ';') && ts.depth(end) == 0)) {
      end++;
    }
    List<Span> branches = new ArrayList<>();
    List<String> operators = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < end; i++) {
      if (ts.depth(i) != 0 || !(ts.word(i, "union") || ts.word(i, "intersect") || ts.word(i, "except"))) {
        continue;
      }
      branches.add(new Span(start, i));
      String op = ts.value(i).toLowerCase(Locale.ROOT);
      int next = i + 1;
      if (ts.word(next, "all")) {
        op += " all";
        next++;
      } else if (ts.word(next, "distinct")) {
        next++;
      }
      operators.add(op);
      start = next;
      i = next - 1;
    }
    if (operators.isEmpty()) {
      return null;
    }
    int tail = end;
    for (int i = start; i < end; i++) {
      if (ts.depth(i) == 0 && ((ts.word(i, "order") && ts.word(i + 1, "by")) || ts.word(i, "limit")
          || ts.word(i, "offset") || ts.word(i, "fetch") || ts.word(i, "for"))) {
        tail = i;
        break;
      }
    }
    branches.add(new Span(start, tail));
    return new Parts(ts, branches, operators, tail, end);
  }

  static FanoutPlan plan(Parts p, int shards) {
    SourceTokens ts = p.ts();
    String op = p.operators().get(0);
    for (String other : p.operators()) {
      if (!other.equals(op)) {
        throw FanoutRefusal.construct("a mix of set operations (" + String.join(", ", p.operators())
            .toUpperCase(Locale.ROOT) + ")", "the router merges one kind of set operation at a time.");
      }
    }
    boolean union = op.startsWith("union");
    if (!union && p.branches().size() > 2) {
      throw FanoutRefusal.construct(op.toUpperCase(Locale.ROOT) + " of more than two SELECTs",
          "the router merges INTERSECT and EXCEPT of two SELECTs.");
    }
    List<String> names = null;
    for (Span b : p.branches()) {
      SelectStatement branch = SelectStatement.parse(ts.text(inner(ts, b)));
      if (branch.aggregates() || branch.clauses.distinct || !branch.limit.isNone() || !branch.orderBy.isEmpty()) {
        throw FanoutRefusal.construct("a set operation over a SELECT with aggregates, DISTINCT, ORDER BY or LIMIT",
            "each shard would apply them to its own rows only.");
      }
      if (names == null) {
        names = branch.hasStar() ? null : branch.items.stream().map(SelectItem::outputName).toList();
        if (names == null) {
          names = List.of();
        }
      }
    }
    // the whole's ORDER BY (result columns only, as PostgreSQL requires) and LIMIT
    List<SortKey> sortKeys = new ArrayList<>();
    int limitAt = p.end();
    int t = p.tail();
    if (t < p.end() && ts.word(t, "for")) {
      throw FanoutRefusal.construct("a locking clause (FOR UPDATE / FOR SHARE)",
          "the rows would be locked on every shard in separate transactions.");
    }
    if (t < p.end() && ts.word(t, "order")) {
      limitAt = p.end();
      for (int i = t + 2; i < p.end(); i++) {
        if (ts.depth(i) == 0 && (ts.word(i, "limit") || ts.word(i, "offset") || ts.word(i, "fetch"))) {
          limitAt = i;
          break;
        }
      }
      for (Span item : ts.splitOnCommas(t + 2, limitAt)) {
        sortKeys.add(sortKey(ts, item, names));
      }
    } else {
      limitAt = t;
    }
    LimitClause limit = limitAt < p.end() ? LimitClause.parse(ts, new Span(limitAt, p.end())) : LimitClause.NONE;
    Route route = new Route(shards);
    Operator merge;
    String shardSql;
    if (union) {
      StringBuilder sql = new StringBuilder(ts.text(new Span(0, limitAt)));
      if (limit.perShard() != Limit.ALL) {
        sql.append(" LIMIT ").append(limit.perShard());
      }
      shardSql = sql.toString();
      merge = sortKeys.isEmpty() ? new Concat(route) : new MergeSort(sortKeys, route);
      if (!op.endsWith("all")) {
        merge = HashDistinct.all(merge);
      }
    } else {
      shardSql = "SELECT 0 AS sg_side, * FROM (" + ts.text(inner(ts, p.branches().get(0))) + ") AS sg_left "
          + "UNION ALL SELECT 1, * FROM (" + ts.text(inner(ts, p.branches().get(1))) + ") AS sg_right";
      merge = new SetOperation(op.startsWith("intersect") ? SetOperation.Kind.INTERSECT : SetOperation.Kind.EXCEPT,
          op.endsWith("all"), new Concat(route));
      if (!sortKeys.isEmpty()) {
        merge = new Sort(sortKeys, merge);
      }
    }
    if (!limit.isNone()) {
      merge = new Limit(limit.offset(), limit.count(), merge);
    }
    return new FanoutPlan(shardSql, merge, 0).passingThrough(union ? 0 : 1, 0);
  }

  /** A branch without the parentheses around it. */
  private static Span inner(SourceTokens ts, Span b) {
    Span s = b;
    while (s.to() - s.from() >= 2 && ts.ch(s.from(), '(') && ts.close(s.from()) == s.to() - 1) {
      s = new Span(s.from() + 1, s.to() - 1);
    }
    return s;
  }

  /** An ORDER BY entry of a set operation: a result column by position or name, ASC/DESC, NULLS FIRST/LAST. */
  private static SortKey sortKey(SourceTokens ts, Span item, List<String> names) {
    int to = item.to();
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
    boolean nf = nullsFirst != null ? nullsFirst : descending;
    List<String> shape = ts.shape(new Span(item.from(), to));
    if (shape.size() == 1 && shape.get(0).matches("d:[0-9]+")) {
      long position = Long.parseLong(shape.get(0).substring(2).length() > 12 ? "0" : shape.get(0).substring(2));
      if (position < 1 || (!names.isEmpty() && position > names.size())) {
        throw new SqlError("42P10", "ORDER BY position " + shape.get(0).substring(2) + " is not in select list",
            null, null);
      }
      return new SortKey((int) position - 1, descending, nf);
    }
    if (shape.size() == 1 && shape.get(0).startsWith("n:")) {
      String name = shape.get(0).substring(2);
      int column = names.indexOf(name);
      if (column < 0) {
        if (names.isEmpty()) {
          throw FanoutRefusal.construct("ORDER BY a name after SELECT *", "order a set operation over * by position.");
        }
        throw new SqlError("42703", "column \"" + name + "\" does not exist", null, null);
      }
      return new SortKey(column, descending, nf);
    }
    throw new SqlError(FanoutRefusal.SQLSTATE, "invalid UNION/INTERSECT/EXCEPT ORDER BY clause",
        "Only result column names can be used, not expressions or functions.",
        "Add the expression/function to every SELECT, or move the UNION into a FROM clause.");
  }
}
