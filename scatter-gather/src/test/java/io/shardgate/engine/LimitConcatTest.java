package io.shardgate.engine;

import static io.shardgate.engine.TestRows.columns;
import static io.shardgate.engine.TestRows.drain;
import static io.shardgate.engine.TestRows.field;
import static io.shardgate.engine.TestRows.r;
import static io.shardgate.engine.TestRows.row;
import static io.shardgate.engine.TestRows.rows;
import static io.shardgate.engine.TestRows.shard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.engine.value.PgTypes;
import io.shardgate.pgwire.message.RowDescription;
import java.util.List;
import org.junit.jupiter.api.Test;

class LimitConcatTest {
  private static final RowDescription N = columns(field("n", PgTypes.INT4));

  @Test
  void concatIsShardByShard() {
    RowStream out = new Concat(new Route(3)).open(List.of(shard(N, row("3"), row("1")), shard(N), shard(N, row("2"))));
    assertEquals(rows(r("3"), r("1"), r("2")), drain(out));
  }

  @Test
  void offsetAndCountOverTheMerge() {
    // ORDER BY n LIMIT 2 OFFSET 2: each shard was asked for LIMIT 4.
    Limit plan = new Limit(2, 2, new MergeSort(List.of(SortKey.asc(0)), new Route(2)));
    RowStream out = plan.open(List.of(shard(N, row("1"), row("4"), row("5"), row("8")),
        shard(N, row("2"), row("3"), row("6"), row("7"))));
    assertEquals(rows(r("3"), r("4")), drain(out));
  }

  @Test
  void closesShardsOnceTheLastRowIsOut() {
    CountingStream a = new CountingStream(shard(N, row("1"), row("2"), row("3")));
    CountingStream b = new CountingStream(shard(N, row("4"), row("5")));
    RowStream out = new Limit(0, 2, new Concat(new Route(2))).open(List.of(a, b));
    out.next();
    out.next();
    assertTrue(a.closed && b.closed, "LIMIT reached: shards released without waiting for the consumer");
    assertEquals(2, a.pulled);
    assertEquals(0, b.pulled);
    assertEquals(null, out.next());
  }

  @Test
  void offsetPastTheEndAndLimitZero() {
    assertEquals(List.of(), drain(new Limit(5, Limit.ALL, new Concat(new Route(1))).open(List.of(shard(N, row("1"))))));
    CountingStream a = new CountingStream(shard(N, row("1")));
    assertEquals(List.of(), drain(new Limit(0, 0, new Concat(new Route(1))).open(List.of(a))));
    assertEquals(0, a.pulled);
  }

  @Test
  void offsetOnly() {
    RowStream out = new Limit(1, Limit.ALL, new Concat(new Route(2))).open(List.of(shard(N, row("1"), row("2")),
        shard(N, row("3"))));
    assertEquals(rows(r("2"), r("3")), drain(out));
  }
}
