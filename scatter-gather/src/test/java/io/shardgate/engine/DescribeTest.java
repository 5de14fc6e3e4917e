package io.shardgate.engine;

import static io.shardgate.engine.Expr.column;
import static io.shardgate.engine.Expr.compare;
import static io.shardgate.engine.Expr.constant;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shardgate.engine.aggregate.Avg;
import io.shardgate.engine.aggregate.BoolOr;
import io.shardgate.engine.aggregate.Count;
import io.shardgate.engine.aggregate.GroupValue;
import io.shardgate.engine.aggregate.Max;
import io.shardgate.engine.aggregate.Min;
import io.shardgate.engine.aggregate.Sum;
import io.shardgate.engine.value.PgTypes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden describe() output: what route EXPLAIN prints for a plan. */
class DescribeTest {
  @Test
  void limitOverMergeSort() {
    Operator plan = new Limit(5, 10, new MergeSort(List.of(SortKey.desc(2)), new Route(8)));
    assertEquals("""
        Limit(offset=5, count=10)
          MergeSort(keys=[2 DESC NULLS FIRST])
            Route(shards=8)""", plan.describe());
  }

  @Test
  void groupedAggregateWithHavingAndProjection() {
    Operator plan = new Project(List.of(column(0), column(2), column(1)),
        new Filter(compare(column(1), Expr.Op.GT, constant("5", PgTypes.INT8)),
            new OrderedAggregate(List.of(0), List.of(new GroupValue(0), new Count(1), new Avg(2, 3), new Sum(4),
                new Min(5), new Max(5), new BoolOr(6)),
                new MergeSort(List.of(SortKey.asc(0), SortKey.asc(1).withNullsFirst()),
                    new Route(4, "SELECT k, count(*), sum(v), count(v) FROM t GROUP BY k ORDER BY k")))));
    assertEquals("""
        Project(columns=[#0, #2, #1])
          Filter((#1 > '5'::bigint))
            OrderedAggregate(groupBy=[0], columns=[value(0), count(1), avg(2, 3), sum(4), min(5), max(5), bool_or(6)])
              MergeSort(keys=[0 ASC NULLS LAST, 1 ASC NULLS FIRST])
                Route(shards=4, sql="SELECT k, count(*), sum(v), count(v) FROM t GROUP BY k ORDER BY k")""",
        plan.describe());
  }

  @Test
  void hashPlans() {
    Operator plan = new Sort(List.of(SortKey.desc(1)), new Limit(0, Limit.ALL,
        new HashDistinct(List.of(), new HashAggregate(List.of(), List.of(new Count(0)), new Concat(new Route(2))))));
    assertEquals("""
        Sort(keys=[1 DESC NULLS FIRST])
          Limit(offset=0, count=ALL)
            HashDistinct(columns=all)
              HashAggregate(groupBy=[], columns=[count(0)])
                Concat
                  Route(shards=2)""", plan.describe());
    assertEquals("Distinct(columns=[0, 2])\n  Concat\n    Route(shards=1)",
        new Distinct(List.of(0, 2), new Concat(new Route(1))).describe());
  }
}
