package io.shardgate.engine;

import static io.shardgate.engine.TestRows.columns;
import static io.shardgate.engine.TestRows.drain;
import static io.shardgate.engine.TestRows.field;
import static io.shardgate.engine.TestRows.r;
import static io.shardgate.engine.TestRows.row;
import static io.shardgate.engine.TestRows.rows;
import static io.shardgate.engine.TestRows.shard;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shardgate.engine.aggregate.CountValues;
import io.shardgate.engine.aggregate.GroupValue;
import io.shardgate.engine.value.PgTypes;
import io.shardgate.pgwire.message.RowDescription;
import java.util.List;
import org.junit.jupiter.api.Test;

/** INTERSECT / EXCEPT over side-tagged rows from several shards, and count(DISTINCT) over grouped partials. */
class SetOperationTest {
  private static final RowDescription SIDE_NUM = columns(field("sg_side", PgTypes.INT4), field("n", PgTypes.NUMERIC));

  private static List<List<String>> run(SetOperation.Kind kind, boolean all) {
    // left: 1, 1, 1.0, 2, NULL; right: 1, 3, NULL -- spread over two shards, equal values of different spellings
    Operator plan = new SetOperation(kind, all, new Concat(new Route(2)));
    return drain(plan.open(List.of(
        shard(SIDE_NUM, row("0", "1"), row("1", "3"), row("0", "2"), row("0", null)),
        shard(SIDE_NUM, row("0", "1"), row("1", "1.00"), row("0", "1.0"), row("1", null)))));
  }

  @Test
  void intersectKeepsRowsBothSidesHaveOnAnyShard() {
    assertEquals(rows(r("1"), r((String) null)), run(SetOperation.Kind.INTERSECT, false));
  }

  @Test
  void intersectAllKeepsTheSmallerCount() {
    assertEquals(rows(r("1"), r((String) null)), run(SetOperation.Kind.INTERSECT, true));
  }

  @Test
  void exceptDropsRowsTheRightSideHasOnAnotherShard() {
    assertEquals(rows(r("2")), run(SetOperation.Kind.EXCEPT, false));
  }

  @Test
  void exceptAllSubtractsCounts() {
    // left has 1 three times (1, 1, 1.0), right once: two remain (shown as the first spelling seen)
    assertEquals(rows(r("1"), r("1"), r("2")), run(SetOperation.Kind.EXCEPT, true));
  }

  @Test
  void countValuesCountsDistinctValuesAcrossShards() {
    // SELECT g, count(DISTINCT x): shards GROUP BY g, x; the same (g, x) on two shards counts once
    RowDescription gx = columns(field("g", PgTypes.TEXT), field("count", PgTypes.INT4));
    Operator partials = new HashAggregate(List.of(0, 1), List.of(new GroupValue(0), new GroupValue(1)),
        new Concat(new Route(2)));
    Operator plan = new HashAggregate(List.of(0), List.of(new GroupValue(0), new CountValues(1)), partials);
    assertEquals(rows(r("a", "2"), r("b", "0")), drain(plan.open(List.of(
        shard(gx, row("a", "1"), row("a", "2"), row("b", null)),
        shard(gx, row("a", "2"), row("b", null))))));
  }
}
