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

class MergeSortTest {
  private static final RowDescription ID_NAME = columns(field("id", PgTypes.INT4), field("name", PgTypes.TEXT));

  @Test
  void mergesSortedShardsAscendingWithNullsLast() {
    MergeSort plan = new MergeSort(List.of(SortKey.asc(0)), new Route(3));
    RowStream out = plan.open(List.of(
        shard(ID_NAME, row("1", "a"), row("4", "d"), row(null, "n1")),
        shard(ID_NAME, row("2", "b"), row("10", "j")),
        shard(ID_NAME, row("3", "c"), row(null, "n2"))));
    assertEquals(rows(r("1", "a"), r("2", "b"), r("3", "c"), r("4", "d"), r("10", "j"), r(null, "n1"),
        r(null, "n2")), drain(out));
  }

  @Test
  void descendingPutsNullsFirstByDefault() {
    MergeSort plan = new MergeSort(List.of(SortKey.desc(0)), new Route(2));
    RowStream out = plan.open(List.of(
        shard(ID_NAME, row(null, "n"), row("9", "i"), row("2", "b")),
        shard(ID_NAME, row("10", "j"), row("1", "a"))));
    assertEquals(rows(r(null, "n"), r("10", "j"), r("9", "i"), r("2", "b"), r("1", "a")), drain(out));
  }

  @Test
  void explicitNullsPlacementAndSecondaryKey() {
    MergeSort plan = new MergeSort(List.of(SortKey.asc(0).withNullsFirst(), SortKey.desc(1)), new Route(2));
    RowStream out = plan.open(List.of(
        shard(ID_NAME, row(null, "x"), row("1", "b")),
        shard(ID_NAME, row(null, "y"), row("1", "c"), row("1", "a"))));
    assertEquals(rows(r(null, "y"), r(null, "x"), r("1", "c"), r("1", "b"), r("1", "a")), drain(out));
  }

  @Test
  void stableAcrossShardsOnTies() {
    MergeSort plan = new MergeSort(List.of(SortKey.asc(0)), new Route(3));
    RowStream out = plan.open(List.of(
        shard(ID_NAME, row("1", "s0-a"), row("1", "s0-b")),
        shard(ID_NAME, row("1", "s1-a")),
        shard(ID_NAME, row("0", "s2-a"), row("1", "s2-b"))));
    assertEquals(rows(r("0", "s2-a"), r("1", "s0-a"), r("1", "s0-b"), r("1", "s1-a"), r("1", "s2-b")), drain(out));
  }

  @Test
  void typedComparisonNotTextOrder() {
    RowDescription d = columns(field("n", PgTypes.NUMERIC));
    RowStream out = new MergeSort(List.of(SortKey.asc(0)), new Route(2)).open(List.of(
        shard(d, row("-Infinity"), row("2.50"), row("10"), row("NaN")),
        shard(d, row("-1"), row("9.9"), row("Infinity"))));
    assertEquals(rows(r("-Infinity"), r("-1"), r("2.50"), r("9.9"), r("10"), r("Infinity"), r("NaN")), drain(out));
  }

  @Test
  void textMergesInCCollationByteOrder() {
    RowDescription d = columns(field("s", PgTypes.TEXT));
    RowStream out = new MergeSort(List.of(SortKey.asc(0)), new Route(2)).open(List.of(
        shard(d, row("B"), row("a"), row("é")),
        shard(d, row("Z"), row("z"), row("ä"))));
    assertEquals(rows(r("B"), r("Z"), r("a"), r("z"), r("ä"), r("é")), drain(out));
  }

  @Test
  void streamsOneHeadRowPerShard() {
    RowDescription d = columns(field("n", PgTypes.INT8));
    CountingStream a = new CountingStream(shard(d, row("1"), row("3"), row("5"), row("7")));
    CountingStream b = new CountingStream(shard(d, row("2"), row("4"), row("6"), row("8")));
    RowStream out = new MergeSort(List.of(SortKey.asc(0)), new Route(2)).open(List.of(a, b));
    assertEquals(0, a.pulled + b.pulled, "opening reads no rows");
    out.next();
    assertEquals(1, a.pulled);
    assertEquals(1, b.pulled);
    out.next();
    out.next();
    assertEquals(2, a.pulled, "a shard is read again only after its head row was returned");
    assertEquals(2, b.pulled);
  }

  @Test
  void shardsWithDifferentColumnsAreRefused() {
    RowDescription other = columns(field("id", PgTypes.INT8), field("name", PgTypes.TEXT));
    EngineException e = assertThrows(EngineException.class, () -> new MergeSort(List.of(SortKey.asc(0)),
        new Route(2)).open(List.of(shard(ID_NAME), shard(other))));
    assertEquals("42804", e.sqlState());
  }

  @Test
  void wrongShardCountIsABugInTheCaller() {
    EngineException e = assertThrows(EngineException.class,
        () -> new Concat(new Route(3)).open(List.of(shard(ID_NAME))));
    assertEquals("XX000", e.sqlState());
  }

  @Test
  void jsonCannotBeSorted() {
    RowDescription d = columns(field("j", PgTypes.JSON));
    EngineException e = assertThrows(EngineException.class, () -> new MergeSort(List.of(SortKey.asc(0)),
        new Route(1)).open(List.of(shard(d))));
    assertEquals("could not identify an ordering operator for type json", e.getMessage());
  }

  @Test
  void sortOrdersBufferedInputStably() {
    RowStream out = new Sort(List.of(SortKey.desc(0)), new Concat(new Route(2))).open(List.of(
        shard(ID_NAME, row("1", "a"), row("3", "c1")),
        shard(ID_NAME, row("3", "c2"), row("2", "b"))));
    assertEquals(rows(r("3", "c1"), r("3", "c2"), r("2", "b"), r("1", "a")), drain(out));
  }
}
