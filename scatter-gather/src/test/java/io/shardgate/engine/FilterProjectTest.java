package io.shardgate.engine;

import static io.shardgate.engine.Expr.and;
import static io.shardgate.engine.Expr.column;
import static io.shardgate.engine.Expr.compare;
import static io.shardgate.engine.Expr.constant;
import static io.shardgate.engine.Expr.isNull;
import static io.shardgate.engine.Expr.not;
import static io.shardgate.engine.Expr.or;
import static io.shardgate.engine.TestRows.columns;
import static io.shardgate.engine.TestRows.drain;
import static io.shardgate.engine.TestRows.field;
import static io.shardgate.engine.TestRows.r;
import static io.shardgate.engine.TestRows.row;
import static io.shardgate.engine.TestRows.rows;
import static io.shardgate.engine.TestRows.shard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shardgate.engine.aggregate.Avg;
import io.shardgate.engine.aggregate.Count;
import io.shardgate.engine.aggregate.GroupValue;
import io.shardgate.engine.value.PgTypes;
import io.shardgate.pgwire.message.RowDescription;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterProjectTest {
  private static final RowDescription K_N = columns(field("k", PgTypes.TEXT), field("n", PgTypes.INT8));

  @Test
  void havingRunsOnCombinedGroups() {
    // SELECT k, count(*) FROM t GROUP BY k HAVING count(*) > 2: no shard alone sees a count above 2 for "a".
    Operator plan = new Filter(compare(column(1), Expr.Op.GT, constant("2", PgTypes.INT8)),
        new OrderedAggregate(List.of(0), List.of(new GroupValue(0), new Count(1)),
            new MergeSort(List.of(SortKey.asc(0)), new Route(2))));
    RowStream out = plan.open(List.of(shard(K_N, row("a", "2"), row("b", "1")), shard(K_N, row("a", "1"))));
    assertEquals(rows(r("a", "3")), drain(out));
  }

  @Test
  void threeValuedLogic() {
    RowDescription d = columns(field("a", PgTypes.INT4), field("b", PgTypes.BOOL));
    List<RowStream> in = List.of(shard(d, row("1", "t"), row(null, "t"), row("5", null), row("7", "f")));
    Expr gt = compare(column(0), Expr.Op.GT, constant("3", PgTypes.INT4));
    assertEquals(rows(r("7", "f")), drain(new Filter(and(gt, not(column(1))), new Concat(new Route(1))).open(in)));
    in = List.of(shard(d, row("1", "t"), row(null, "t"), row("5", null), row("7", "f")));
    // NULL OR true is true; NULL OR false is NULL (row dropped).
    assertEquals(rows(r("1", "t"), r(null, "t"), r("5", null), r("7", "f")),
        drain(new Filter(or(gt, column(1)), new Concat(new Route(1))).open(in)));
    in = List.of(shard(d, row("1", "t"), row(null, "t"), row("5", null), row("7", "f")));
    assertEquals(rows(r(null, "t")), drain(new Filter(isNull(column(0)), new Concat(new Route(1))).open(in)));
  }

  @Test
  void numericFamilyComparisonsPromoteLikePostgres() {
    RowDescription d = columns(field("avg", PgTypes.NUMERIC), field("f", PgTypes.FLOAT8));
    List<RowStream> in = List.of(shard(d, row("2.5", "NaN"), row("2.0", "1.5"), row("NaN", "2")));
    Expr p = and(compare(column(0), Expr.Op.GE, constant("2", PgTypes.INT4)),
        compare(column(1), Expr.Op.GT, constant("1.25", PgTypes.NUMERIC)));
    // numeric NaN >= 2 and float NaN > 1.25 are both true in PostgreSQL (NaN sorts above everything).
    assertEquals(rows(r("2.5", "NaN"), r("2.0", "1.5"), r("NaN", "2")),
        drain(new Filter(p, new Concat(new Route(1))).open(in)));
  }

  @Test
  void incomparableTypesAreRefused() {
    RowDescription d = columns(field("t", PgTypes.TEXT));
    EngineException e = assertThrows(EngineException.class, () -> new Filter(compare(column(0), Expr.Op.EQ,
        constant("1", PgTypes.INT4)), new Concat(new Route(1))).open(List.of(shard(d))));
    assertEquals("operator does not exist: text = integer", e.getMessage());
  }

  @Test
  void projectDropsHelperColumnsAndComputes() {
    // SELECT k, avg(n) ... ORDER BY max(n): shards also returned count(n) for avg and max(n) for the order.
    RowDescription d = columns(field("k", PgTypes.TEXT), field("avg", PgTypes.INT8), field("count", PgTypes.INT8));
    Operator agg = new OrderedAggregate(List.of(0), List.of(new GroupValue(0), new Avg(1, 2), new Count(2)),
        new MergeSort(List.of(SortKey.asc(0)), new Route(1)));
    Operator plan = new Project(List.of(column(1), column(0),
        compare(column(2), Expr.Op.GE, constant("2", PgTypes.INT8))), agg);
    RowStream out = plan.open(List.of(shard(d, row("a", "3", "2"), row("b", "5", "1"))));
    assertEquals(List.of("avg", "k", "?column?"), out.description().fields().stream().map(f -> f.name()).toList());
    assertEquals(PgTypes.BOOL, out.description().fields().get(2).typeOid());
    assertEquals(rows(r("1.5000000000000000", "a", "t"), r("5.0000000000000000", "b", "f")), drain(out));
  }

  @Test
  void projectPassesUnknownTypesThrough() {
    RowDescription d = columns(field("p", 600), field("n", PgTypes.INT4));
    RowStream out = Project.columns(new Concat(new Route(1)), 0).open(List.of(shard(d, row("(1,2)", "7"))));
    assertEquals(rows(r("(1,2)")), drain(out));
  }
}
