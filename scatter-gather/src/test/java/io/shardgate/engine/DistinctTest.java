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

import io.shardgate.engine.value.PgTypes;
import io.shardgate.pgwire.message.RowDescription;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistinctTest {
  private static final RowDescription NUM_TEXT = columns(field("n", PgTypes.NUMERIC), field("s", PgTypes.TEXT));

  @Test
  void sortedDistinctKeepsFirstOfEachRunWithPostgresEquality() {
    Operator plan = Distinct.all(new MergeSort(List.of(SortKey.asc(0), SortKey.asc(1)), new Route(2)));
    RowStream out = plan.open(List.of(
        shard(NUM_TEXT, row("1.0", "a"), row("2", "b"), row(null, "z")),
        shard(NUM_TEXT, row("1.00", "a"), row("1.00", "b"), row(null, "z"))));
    // 1.0 = 1.00, and two NULLs are not distinct: PostgreSQL returns 3 + 1 rows here.
    assertEquals(rows(r("1.0", "a"), r("1.00", "b"), r("2", "b"), r(null, "z")), drain(out));
  }

  @Test
  void distinctOnKeepsFirstRowPerKeyInSortOrder() {
    // SELECT DISTINCT ON (s) s, n ... ORDER BY s, n DESC
    Operator plan = new Distinct(List.of(1), new MergeSort(List.of(SortKey.asc(1), SortKey.desc(0)), new Route(2)));
    RowStream out = plan.open(List.of(
        shard(NUM_TEXT, row("5", "a"), row("1", "a"), row("7", "b")),
        shard(NUM_TEXT, row("6", "a"), row("9", "c"))));
    assertEquals(rows(r("6", "a"), r("7", "b"), r("9", "c")), drain(out));
  }

  @Test
  void hashDistinctStreams() {
    RowDescription d = columns(field("n", PgTypes.INT4));
    CountingStream a = new CountingStream(shard(d, row("1"), row("1"), row("2")));
    CountingStream b = new CountingStream(shard(d, row("3")));
    RowStream out = HashDistinct.all(new Concat(new Route(2))).open(List.of(a, b));
    assertEquals("1", new String(out.next().values().get(0)));
    assertEquals(1, a.pulled, "first row out before reading further");
    assertEquals("2", new String(out.next().values().get(0)));
    assertEquals(3, a.pulled);
    assertEquals(0, b.pulled);
  }

  @Test
  void hashDistinctUsesTypedEquality() {
    RowDescription d = columns(field("f", PgTypes.FLOAT8), field("i", PgTypes.INTERVAL));
    RowStream out = HashDistinct.all(new Concat(new Route(2))).open(List.of(
        shard(d, row("-0", "1 mon"), row("NaN", "1 day")),
        shard(d, row("0", "30 days"), row("NaN", "24:00:00"), row("1", "1 day"))));
    assertEquals(rows(r("-0", "1 mon"), r("NaN", "1 day"), r("1", "1 day")), drain(out));
  }

  @Test
  void jsonCannotBeDistinct() {
    RowDescription d = columns(field("j", PgTypes.JSON));
    EngineException e = assertThrows(EngineException.class,
        () -> HashDistinct.all(new Concat(new Route(1))).open(List.of(shard(d))));
    assertEquals("could not identify an equality operator for type json", e.getMessage());
  }
}
