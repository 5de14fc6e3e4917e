package io.shardgate.router.fanout.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded random grammar of key-less SELECTs over the suite's schema: projections with WHERE, ORDER BY (total, by
 * the primary key last) with LIMIT/OFFSET, DISTINCT, DISTINCT ON, aggregates with FILTER, GROUP BY with HAVING,
 * count(DISTINCT), set operations and joins with the reference table. The same seed gives the same statements.
 */
final class StatementGrammar {
  /** One table: its name, primary key columns, and column pools by what they may be used for. */
  private record Table(String name, List<String> key, List<String> columns, List<String> ordered,
                       List<String> groups, List<String> extremes, List<String> sums, List<String> floats,
                       List<String> predicates) {}

  private static final Table ACCOUNTS = new Table("accounts", List.of("id"),
      List.of("name", "region", "score", "balance", "ratio", "active", "opened", "seen", "tags", "profile", "token",
          "small", "qty", "blob", "note", "code"),
      List.of("name", "region", "score", "balance", "ratio", "active", "opened", "seen", "tags", "profile", "token",
          "small", "qty", "blob", "code", "note"),
      List.of("region", "active", "code", "small", "name", "opened", "tags", "profile", "token", "note", "qty % 5",
          "lower(name)", "blob", "score", "date_trunc('month', seen)"),
      List.of("name", "region", "score", "balance", "ratio", "opened", "seen", "tags", "small", "qty", "note", "code",
          "id"),
      List.of("qty", "small", "score", "id"),
      List.of("balance", "ratio"),
      List.of("qty > 10", "name IS NULL", "region = 'eu'", "score BETWEEN -10 AND 50", "balance < 0", "active",
          "NOT active", "name LIKE 'Z%'", "opened < date '2021-06-01'", "id % 3 = 0", "tags @> '{a}'",
          "profile @> '{\"a\": 1}'", "code = 'ab'", "qty IS NOT NULL AND small < 0", "name > 'm'", "seen > '2023-06-01'",
          "region IN ('eu', 'us')", "blob = '\\x00ff'", "token IS NULL OR qty = 3"));
  private static final Table EVENTS = new Table("events", List.of("account_id", "seq"),
      List.of("kind", "amount", "at"),
      List.of("kind", "amount", "at"),
      List.of("kind", "account_id", "seq % 4", "date_trunc('month', at)", "upper(kind)"),
      List.of("kind", "amount", "at", "seq", "account_id"),
      List.of("amount", "seq", "account_id"),
      List.of(),
      List.of("amount > 100", "kind = 'buy'", "kind IS NULL", "seq < 3", "at >= '2024-06-01'", "amount < 0",
          "account_id > 2000"));
  private static final Table DEVICES = new Table("devices", List.of("serial"),
      List.of("owner", "model", "price", "weight", "made"),
      List.of("owner", "model", "price", "weight", "made"),
      List.of("model", "owner", "made", "price > 500"),
      List.of("owner", "model", "price", "weight", "made", "serial"),
      List.of("price"),
      List.of("weight"),
      List.of("price > 100", "model = 'x1'", "owner IS NULL", "made > '2000-01-01'", "serial LIKE 'S%'",
          "weight < 50"));
  private static final Table[] TABLES = {ACCOUNTS, ACCOUNTS, EVENTS, DEVICES};

  private final Random r;

  StatementGrammar(long seed) {
    this.r = new Random(seed);
  }

  /** {@code n} statements of each generated feature class. */
  List<SuiteStatement> generate(int perFeature) {
    List<SuiteStatement> out = new ArrayList<>();
    for (int i = 0; i < perFeature; i++) {
      out.add(rows());
      out.add(orderedLimit());
      out.add(distinct());
      out.add(distinctOn());
      out.add(aggregate());
      out.add(groupBy());
      out.add(groupBy());
      out.add(countDistinct());
      out.add(setOperation());
      out.add(referenceJoin());
    }
    return out;
  }

  private Table table() {
    return TABLES[r.nextInt(TABLES.length)];
  }

  private <T> T pick(List<T> values) {
    return values.get(r.nextInt(values.size()));
  }

  private List<String> some(List<String> values, int max) {
    List<String> copy = new ArrayList<>(values);
    java.util.Collections.shuffle(copy, r);
    return copy.subList(0, 1 + r.nextInt(Math.min(max, copy.size())));
  }

  private String where(Table t) {
    if (r.nextInt(3) == 0) {
      return "";
    }
    String p = pick(t.predicates());
    if (r.nextInt(4) == 0) {
      p += (r.nextBoolean() ? " AND " : " OR ") + pick(t.predicates());
    }
    return " WHERE " + p;
  }

  private String direction() {
    return switch (r.nextInt(6)) {
      case 0 -> " DESC";
      case 1 -> " ASC";
      case 2 -> " NULLS FIRST";
      case 3 -> " DESC NULLS LAST";
      default -> "";
    };
  }

  private String limit() {
    return switch (r.nextInt(4)) {
      case 0 -> " LIMIT " + (1 + r.nextInt(30));
      case 1 -> " LIMIT " + (1 + r.nextInt(20)) + " OFFSET " + r.nextInt(40);
      case 2 -> " OFFSET " + r.nextInt(50) + " ROWS FETCH FIRST " + (1 + r.nextInt(10)) + " ROWS ONLY";
      default -> "";
    };
  }

  private SuiteStatement rows() {
    Table t = table();
    List<String> cols = some(t.columns(), 4);
    return SuiteStatement.unordered("projection and WHERE",
        "SELECT " + String.join(", ", t.key()) + ", " + String.join(", ", cols) + " FROM " + t.name() + where(t));
  }

  private SuiteStatement orderedLimit() {
    Table t = table();
    String k = pick(t.ordered());
    boolean hidden = r.nextInt(3) == 0;
    List<String> cols = new ArrayList<>(hidden ? List.of() : List.of(k));
    if (r.nextBoolean()) {
      cols.add(pick(t.columns()));
    }
    cols.addAll(t.key());
    String order = k + direction() + ", " + String.join(", ", t.key()) + (r.nextBoolean() ? " DESC" : "");
    return SuiteStatement.total(hidden ? "ORDER BY a column outside the list" : "ORDER BY with LIMIT/OFFSET",
        "SELECT " + String.join(", ", cols) + " FROM " + t.name() + where(t) + " ORDER BY " + order + limit());
  }

  private SuiteStatement distinct() {
    Table t = table();
    List<String> cols = some(t.groups(), 2);
    if (r.nextBoolean()) {
      List<String> order = new ArrayList<>();
      for (int i = 1; i <= cols.size(); i++) {
        order.add(i + direction());
      }
      return SuiteStatement.total("DISTINCT", "SELECT DISTINCT " + String.join(", ", cols) + " FROM " + t.name()
          + where(t) + " ORDER BY " + String.join(", ", order) + limit());
    }
    return SuiteStatement.unordered("DISTINCT", "SELECT DISTINCT " + String.join(", ", cols) + " FROM " + t.name()
        + where(t));
  }

  private SuiteStatement distinctOn() {
    Table t = table();
    String on = pick(t.groups());
    String other = pick(t.columns());
    String dir = direction();
    return SuiteStatement.total("DISTINCT ON", "SELECT DISTINCT ON (" + on + ") " + on + ", " + other + ", "
        + String.join(", ", t.key()) + " FROM " + t.name() + where(t) + " ORDER BY " + on + dir + ", "
        + String.join(", ", t.key()) + limit());
  }

  /** Aggregate calls for {@code t}; sets approximate[0] when a float sum or avg is among them. */
  private List<String> aggregates(Table t, boolean[] approximate) {
    List<String> out = new ArrayList<>();
    int n = 1 + r.nextInt(4);
    for (int i = 0; i < n; i++) {
      String call = switch (r.nextInt(12)) {
        case 0 -> "count(*)";
        case 1 -> "count(" + pick(t.columns()) + ")";
        case 2, 3 -> "sum(" + pick(t.sums()) + ")";
        case 4 -> "avg(" + pick(t.sums()) + ")";
        case 5 -> "min(" + pick(t.extremes()) + ")";
        case 6 -> "max(" + pick(t.extremes()) + ")";
        case 7 -> "count(*) FILTER (WHERE " + pick(t.predicates()) + ")";
        case 8 -> "sum(" + pick(t.sums()) + ") FILTER (WHERE " + pick(t.predicates()) + ")";
        case 9 -> t == ACCOUNTS ? (r.nextBoolean() ? "bool_and(active)" : "bool_or(active)")
            : "every(" + pick(t.predicates()) + ")";
        case 10 -> {
          if (t.floats().isEmpty()) {
            yield "max(" + pick(t.extremes()) + ")";
          }
          approximate[0] = true;
          yield (r.nextBoolean() ? "sum(" : "avg(") + pick(t.floats()) + ")";
        }
        default -> "min(" + pick(t.extremes()) + ") FILTER (WHERE " + pick(t.predicates()) + ")";
      };
      out.add(call);
    }
    return out;
  }

  private SuiteStatement aggregate() {
    Table t = table();
    boolean[] approximate = {false};
    SuiteStatement s = SuiteStatement.unordered("aggregates without GROUP BY",
        "SELECT " + String.join(", ", aggregates(t, approximate)) + " FROM " + t.name() + where(t));
    return approximate[0] ? s.approximately() : s;
  }

  private SuiteStatement groupBy() {
    Table t = table();
    String g = pick(t.groups());
    boolean[] approximate = {false};
    List<String> aggs = aggregates(t, approximate);
    String having = r.nextInt(3) == 0 ? " HAVING count(*) > " + r.nextInt(20)
        : r.nextInt(4) == 0 ? " HAVING " + aggs.get(0) + " IS NOT NULL" : "";
    String sql = "SELECT " + g + ", " + String.join(", ", aggs) + " FROM " + t.name() + where(t) + " GROUP BY " + g
        + having;
    SuiteStatement s;
    if (r.nextBoolean()) {
      String order = r.nextBoolean() ? "1" + direction() : "2" + direction() + ", 1" + direction();
      s = SuiteStatement.total("GROUP BY / HAVING", sql + " ORDER BY " + order + limit());
    } else {
      s = SuiteStatement.unordered("GROUP BY / HAVING", sql);
    }
    return approximate[0] ? s.approximately() : s;
  }

  private SuiteStatement countDistinct() {
    Table t = table();
    String x = pick(t.groups());
    if (r.nextBoolean()) {
      return SuiteStatement.unordered("count(DISTINCT)", "SELECT count(DISTINCT " + x + "), count(*) FROM "
          + t.name() + where(t));
    }
    String g = pick(t.groups());
    String more = r.nextBoolean() ? ", sum(" + pick(t.sums()) + "), avg(" + pick(t.sums()) + ")" : "";
    return SuiteStatement.total("count(DISTINCT)", "SELECT " + g + ", count(DISTINCT " + x + ")" + more + " FROM "
        + t.name() + where(t) + " GROUP BY " + g + " ORDER BY 1" + direction());
  }

  private SuiteStatement setOperation() {
    Table t = table();
    String op = pick(List.of("UNION", "UNION ALL", "INTERSECT", "INTERSECT ALL", "EXCEPT", "EXCEPT ALL"));
    List<String> cols = some(t.groups(), 2);
    String select = "SELECT " + String.join(", ", cols) + " FROM " + t.name();
    String sql = select + where(t) + " " + op + " " + select + where(t);
    if (r.nextBoolean()) {
      List<String> order = new ArrayList<>();
      for (int i = 1; i <= cols.size(); i++) {
        order.add(i + direction());
      }
      return SuiteStatement.total("UNION / INTERSECT / EXCEPT", sql + " ORDER BY " + String.join(", ", order)
          + limit());
    }
    return SuiteStatement.unordered("UNION / INTERSECT / EXCEPT", sql);
  }

  private SuiteStatement referenceJoin() {
    String where = r.nextBoolean() ? "" : " WHERE " + pick(ACCOUNTS.predicates()).replace("region", "a.region")
        .replaceAll("\\b(name|qty|score|balance|active|opened|id|tags|profile|code|small|seen|blob|token)\\b", "a.$1");
    if (r.nextBoolean()) {
      return SuiteStatement.total("join with a reference table", "SELECT a.id, a.name, r.label FROM accounts a "
          + "JOIN regions r ON r.code = a.region" + where + " ORDER BY a.id" + direction() + limit());
    }
    return SuiteStatement.total("join with a reference table", "SELECT r.label, count(*), sum(a.qty) FROM accounts a "
        + (r.nextBoolean() ? "LEFT " : "") + "JOIN regions r ON r.code = a.region" + where
        + " GROUP BY r.label ORDER BY 1" + direction());
  }
}
