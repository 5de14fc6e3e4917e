package io.shardgate.engine;

import static io.shardgate.engine.TestRows.columns;
import static io.shardgate.engine.TestRows.drain;
import static io.shardgate.engine.TestRows.field;
import static io.shardgate.engine.TestRows.r;
import static io.shardgate.engine.TestRows.row;
import static io.shardgate.engine.TestRows.rows;
import static io.shardgate.engine.TestRows.shard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shardgate.engine.aggregate.Aggregate;
import io.shardgate.engine.aggregate.BoolAnd;
import io.shardgate.engine.aggregate.BoolOr;
import io.shardgate.engine.aggregate.Count;
import io.shardgate.engine.aggregate.GroupValue;
import io.shardgate.engine.aggregate.Max;
import io.shardgate.engine.aggregate.Min;
import io.shardgate.engine.aggregate.Sum;
import io.shardgate.engine.value.PgTypes;
import io.shardgate.pgwire.message.RowDescription;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Re-combination of per-shard partial aggregates, grouped and not. */
class AggregateTest {
  // Per shard: SELECT k, count(*), sum(v), min(v), max(v), bool_and(b), bool_or(b) FROM t GROUP BY k ORDER BY k
  private static final RowDescription PARTIALS = columns(field("k", PgTypes.TEXT), field("count", PgTypes.INT8),
      field("sum", PgTypes.INT8), field("min", PgTypes.INT4), field("max", PgTypes.INT4),
      field("bool_and", PgTypes.BOOL), field("bool_or", PgTypes.BOOL));
  private static final List<Aggregate> ALL = List.of(new GroupValue(0), new Count(1), new Sum(2), new Min(3),
      new Max(4), new BoolAnd(5), new BoolOr(6));

  private static List<RowStream> shards() {
    return List.of(
        shard(PARTIALS, row("a", "2", "10", "3", "7", "t", "t"), row("b", "1", null, null, null, null, null)),
        shard(PARTIALS, row("a", "1", "-4", "-4", "-4", "f", "f"), row("c", "3", "9", "1", "5", "t", "t")));
  }

  private static final List<List<String>> EXPECTED = rows(
      r("a", "3", "6", "-4", "7", "f", "t"),
      r("b", "1", null, null, null, null, null),
      r("c", "3", "9", "1", "5", "t", "t"));

  @Test
  void orderedAggregateCombinesRunsOfEqualKeys() {
    Operator plan = new OrderedAggregate(List.of(0), ALL, new MergeSort(List.of(SortKey.asc(0)), new Route(2)));
    assertEquals(EXPECTED, drain(plan.open(shards())));
  }

  @Test
  void hashAggregateGivesTheSameGroups() {
    Operator plan = new HashAggregate(List.of(0), ALL, new Concat(new Route(2)));
    List<List<String>> out = new ArrayList<>(drain(plan.open(shards())));
    out.sort(Comparator.comparing(l -> l.get(0)));
    assertEquals(EXPECTED, out);
  }

  @Test
  void outputColumnsKeepPostgresTypes() {
    RowDescription d = new OrderedAggregate(List.of(0), ALL, new Concat(new Route(2))).open(shards()).description();
    assertEquals(List.of(PgTypes.TEXT, PgTypes.INT8, PgTypes.INT8, PgTypes.INT4, PgTypes.INT4, PgTypes.BOOL,
        PgTypes.BOOL), d.fields().stream().map(RowDescription.Field::typeOid).toList());
    assertEquals(List.of("k", "count", "sum", "min", "max", "bool_and", "bool_or"),
        d.fields().stream().map(RowDescription.Field::name).toList());
  }

  @Test
  void noGroupByAlwaysAnswersOneRow() {
    // Each shard of SELECT count(*), sum(v), min(v) over an empty table answers (0, NULL, NULL).
    RowDescription d = columns(field("count", PgTypes.INT8), field("sum", PgTypes.NUMERIC), field("min", PgTypes.TEXT));
    List<Aggregate> aggs = List.of(new Count(0), new Sum(1), new Min(2));
    assertEquals(rows(r("0", null, null)), drain(new OrderedAggregate(List.of(), aggs, new Concat(new Route(2)))
        .open(List.of(shard(d, row("0", null, null)), shard(d, row("0", null, null))))));
    // And with no partial rows at all (e.g. a HAVING-less plan over shards that returned nothing).
    assertEquals(rows(r("0", null, null)), drain(new OrderedAggregate(List.of(), aggs, new Concat(new Route(2)))
        .open(List.of(shard(d), shard(d)))));
    assertEquals(rows(r("0", null, null)), drain(new HashAggregate(List.of(), aggs, new Concat(new Route(1)))
        .open(List.of(shard(d)))));
  }

  @Test
  void groupByOverNoRowsAnswersNoRows() {
    assertEquals(List.of(), drain(new OrderedAggregate(List.of(0), ALL, new Concat(new Route(1)))
        .open(List.of(shard(PARTIALS)))));
    assertEquals(List.of(), drain(new HashAggregate(List.of(0), ALL, new Concat(new Route(1)))
        .open(List.of(shard(PARTIALS)))));
  }

  @Test
  void groupsByPostgresEqualityNotBytes() {
    RowDescription d = columns(field("k", PgTypes.NUMERIC), field("count", PgTypes.INT8));
    Operator plan = new OrderedAggregate(List.of(0), List.of(new GroupValue(0), new Count(1)),
        new MergeSort(List.of(SortKey.asc(0)), new Route(2)));
    assertEquals(rows(r("1.0", "5"), r("2", "1")), drain(plan.open(List.of(shard(d, row("1.0", "2"), row("2", "1")),
        shard(d, row("1.00", "3"))))));
  }

  @Test
  void sumsKeepTheirType() {
    // PostgreSQL 15: sum(1.50, 2.125) = 3.625 (numeric); sum of real stays real.
    RowDescription d = columns(field("n", PgTypes.NUMERIC), field("f4", PgTypes.FLOAT4), field("f8", PgTypes.FLOAT8));
    Operator plan = new HashAggregate(List.of(), List.of(new Sum(0), new Sum(1), new Sum(2)), new Concat(new Route(2)));
    RowStream out = plan.open(List.of(shard(d, row("1.50", "0.1", "0.1")), shard(d, row("2.125", "0.2", "0.2"))));
    assertEquals(List.of(PgTypes.NUMERIC, PgTypes.FLOAT4, PgTypes.FLOAT8),
        out.description().fields().stream().map(RowDescription.Field::typeOid).toList());
    assertEquals(rows(r("3.625", "0.3", "0.30000000000000004")), drain(out));
  }

  @Test
  void numericSumSpecials() {
    RowDescription d = columns(field("n", PgTypes.NUMERIC));
    Operator plan = new HashAggregate(List.of(), List.of(new Sum(0)), new Concat(new Route(3)));
    assertEquals(rows(r("NaN")), drain(plan.open(List.of(shard(d, row("Infinity")), shard(d, row("-Infinity")),
        shard(d, row("1"))))));
  }

  @Test
  void overflowsAreErrorsAsInPostgres() {
    RowDescription i8 = columns(field("sum", PgTypes.INT8));
    Operator p = new HashAggregate(List.of(), List.of(new Sum(0)), new Concat(new Route(2)));
    EngineException e = assertThrows(EngineException.class, () -> drain(p.open(List.of(
        shard(i8, row("9223372036854775807")), shard(i8, row("1"))))));
    assertEquals("22003", e.sqlState());
    assertEquals("bigint out of range", e.getMessage());
    RowDescription f8 = columns(field("sum", PgTypes.FLOAT8));
    EngineException f = assertThrows(EngineException.class, () -> drain(p.open(List.of(shard(f8, row("1e+308")),
        shard(f8, row("1e+308"))))));
    assertEquals("value out of range: overflow", f.getMessage());
  }

  @Test
  void minMaxKeepTheWinningBytesAndIgnoreNulls() {
    RowDescription d = columns(field("t", PgTypes.TIMESTAMPTZ), field("f", PgTypes.FLOAT8));
    Operator plan = new HashAggregate(List.of(), List.of(new Min(0), new Max(0), new Min(1), new Max(1)),
        new Concat(new Route(3)));
    RowStream out = plan.open(List.of(
        shard(d, row("2024-01-01 05:30:00+05:30", "NaN")),
        shard(d, row("2024-01-01 00:00:01+00", "-Infinity")),
        shard(d, row(null, null))));
    assertEquals(rows(r("2024-01-01 05:30:00+05:30", "2024-01-01 00:00:01+00", "-Infinity", "NaN")), drain(out));
  }

  @Test
  void aggregatesRefuseTypesTheyCannotCombine() {
    RowDescription d = columns(field("i", PgTypes.INTERVAL), field("j", PgTypes.JSON));
    assertThrows(EngineException.class, () -> new HashAggregate(List.of(), List.of(new Sum(0)),
        new Concat(new Route(1))).open(List.of(shard(d))));
    EngineException e = assertThrows(EngineException.class, () -> new HashAggregate(List.of(), List.of(new Max(1)),
        new Concat(new Route(1))).open(List.of(shard(d))));
    assertEquals("42883", e.sqlState());
    assertThrows(EngineException.class, () -> new HashAggregate(List.of(1), List.of(new GroupValue(1)),
        new Concat(new Route(1))).open(List.of(shard(d))));
  }
}
