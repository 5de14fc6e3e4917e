package io.shardgate.router.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.engine.EngineException;
import io.shardgate.engine.ListRowStream;
import io.shardgate.engine.RowStream;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Plans executed over scripted shard answers (text format, as the shards would send them for the plan's shard
 * SQL); the expected rows are worked out by hand from the rows the shards hold.
 */
class FanoutPlanExecutionTest {
  private static final int INT8 = 20;
  private static final int INT4 = 23;
  private static final int TEXT = 25;
  private static final int NUMERIC = 1700;

  private static RowDescription.Field field(String name, int oid) {
    return new RowDescription.Field(name, 0, (short) 0, oid, (short) -1, -1, (short) 0);
  }

  private static ListRowStream shard(List<RowDescription.Field> fields, String[]... rows) {
    return new ListRowStream(new RowDescription(fields), Arrays.stream(rows).map(DataRow::ofText).toList());
  }

  private static String[] row(String... values) {
    return values;
  }

  private static List<List<String>> rows(RowStream s) {
    return RecordedResult.drain(s).rows();
  }

  /**
   * Shard 0 holds (ann, 30), (bob, 40), (ann, NULL); shard 1 holds (ann, 35), (cid, 20); for
   * {@code SELECT name, count(*), avg(age) ... GROUP BY name HAVING count(*) > 1 ORDER BY 2 DESC, 1} one
   * database answers (ann, 3, 32.5000000000000000): bob and cid have one row each.
   */
  @Test
  void groupsHavingAndAverageAreCombinedAcrossShards() {
    FanoutPlan plan = FanoutPlanner.plan(
        "SELECT name, count(*), avg(age) FROM users GROUP BY name HAVING count(*) > 1 ORDER BY 2 DESC, 1", 2);
    assertEquals("SELECT name, count(*), sum(age) AS \"avg\", count(age) FROM users GROUP BY name", plan.shardSql());
    List<RowDescription.Field> fields = List.of(field("name", TEXT), field("count", INT8), field("avg", INT8),
        field("count", INT8), field("avg", NUMERIC));
    RowStream merged = plan.open(List.of(
        shard(fields, row("ann", "2", "30", "1", "30"), row("bob", "1", "40", "1", "40")),
        shard(fields, row("cid", "1", "20", "1", "20"), row("ann", "1", "35", "1", "35"))));
    assertEquals(List.of("name", "count", "avg"),
        merged.description().fields().stream().map(RowDescription.Field::name).toList());
    assertEquals(List.of(TEXT, INT8, NUMERIC),
        merged.description().fields().stream().map(RowDescription.Field::typeOid).toList());
    assertEquals(List.of(List.of("ann", "3", "32.5000000000000000")), rows(merged));
  }

  /** Over no rows at all a plain aggregate still answers one row: count 0, the rest NULL. */
  @Test
  void aPlainAggregateOverEmptyShardsAnswersOneRow() {
    FanoutPlan plan = FanoutPlanner.plan("SELECT count(*), sum(age), avg(age), max(name) FROM users", 3);
    List<RowDescription.Field> fields = List.of(field("count", INT8), field("sum", INT8), field("avg", INT8),
        field("max", TEXT), field("count", INT8));
    List<RowStream> shards = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      shards.add(shard(fields, row("0", null, null, null, "0")));
    }
    assertEquals(List.of(Arrays.asList("0", null, null, null)), rows(plan.open(shards)));
  }

  /** SELECT * ordered by a column: the shards' leading sort column merges, then disappears. */
  @Test
  void hiddenLeadingSortColumnsAreDroppedAfterTheMerge() {
    FanoutPlan plan = FanoutPlanner.plan("SELECT * FROM users ORDER BY age DESC LIMIT 3", 2);
    assertEquals("SELECT age, * FROM users ORDER BY age DESC LIMIT 3", plan.shardSql());
    assertEquals(1, plan.hiddenLeadingColumns());
    List<RowDescription.Field> fields = List.of(field("age", INT4), field("id", INT8), field("name", TEXT),
        field("age", INT4));
    RowStream merged = plan.open(List.of(
        shard(fields, row(null, "7", "gus", null), row("40", "1", "ann", "40"), row("20", "2", "bob", "20")),
        shard(fields, row("50", "3", "cid", "50"), row("30", "4", "dee", "30"))));
    assertEquals(List.of("id", "name", "age"),
        merged.description().fields().stream().map(RowDescription.Field::name).toList());
    assertEquals(List.of(Arrays.asList("7", "gus", null), List.of("3", "cid", "50"), List.of("1", "ann", "40")),
        rows(merged));
  }

  /** LIMIT 1 OFFSET 1 of an ordered merge: the shards were asked for 2 rows each, and are closed once done. */
  @Test
  void limitSkipsTheOffsetAndReleasesTheShards() {
    FanoutPlan plan = FanoutPlanner.plan("SELECT id FROM users ORDER BY id LIMIT 1 OFFSET 1", 2);
    assertEquals("SELECT id FROM users ORDER BY id LIMIT 2", plan.shardSql());
    List<RowDescription.Field> fields = List.of(field("id", INT8));
    ListRowStream a = shard(fields, row("1"), row("4"));
    ListRowStream b = shard(fields, row("2"), row("3"));
    RowStream merged = plan.open(List.of(a, b));
    assertEquals(List.of("2"), RecordedResult.drain(merged).rows().get(0));
    assertTrue(a.isClosed() && b.isClosed());
  }

  /** An ORDER BY expression outside the select list travels as a trailing column and is projected away. */
  @Test
  void hiddenTrailingSortColumnsAreProjectedAway() {
    FanoutPlan plan = FanoutPlanner.plan("SELECT id FROM users ORDER BY lower(name) DESC", 2);
    assertEquals("SELECT id, lower(name) FROM users ORDER BY lower(name) DESC", plan.shardSql());
    List<RowDescription.Field> fields = List.of(field("id", INT8), field("lower", TEXT));
    RowStream merged = plan.open(List.of(
        shard(fields, row("1", "bob"), row("2", "ann")),
        shard(fields, row("4", null), row("3", "cid")))); // DESC sorts NULL first, on the shards too
    assertEquals(List.of(List.of("4"), List.of("3"), List.of("1"), List.of("2")), rows(merged));
  }

  /** DISTINCT across shards: a row two shards both have is returned once. */
  @Test
  void distinctRemovesRowsSeveralShardsReturn() {
    FanoutPlan plan = FanoutPlanner.plan("SELECT DISTINCT name FROM users", 2);
    List<RowDescription.Field> fields = List.of(field("name", TEXT));
    RowStream merged = plan.open(List.of(shard(fields, row("ann"), row("bob")),
        shard(fields, row("bob"), new String[] {null})));
    assertEquals(List.of(List.of("ann"), List.of("bob"), Arrays.asList((String) null)), rows(merged));
  }

  /** The executor must hand over one stream per shard. */
  @Test
  void theWrongNumberOfShardStreamsIsABug() {
    FanoutPlan plan = FanoutPlanner.plan("SELECT id FROM users", 3);
    RowStream one = shard(List.of(field("id", INT8)));
    EngineException e = assertThrows(EngineException.class, () -> plan.open(List.of(one)));
    assertEquals(EngineException.INTERNAL, e.sqlState());
  }
}
