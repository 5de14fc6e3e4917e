package io.shardgate.engine;

import static io.shardgate.engine.TestRows.columns;
import static io.shardgate.engine.TestRows.field;
import static io.shardgate.engine.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.engine.value.PgTypes;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class QueueRowStreamTest {
  private static final RowDescription N = columns(field("n", PgTypes.INT4));

  @Test
  void offerRefusesWhenFullAndResumesAtHalfCapacity() {
    AtomicInteger resumed = new AtomicInteger();
    QueueRowStream q = new QueueRowStream(4, resumed::incrementAndGet, () -> { });
    q.describe(N);
    for (int i = 0; i < 4; i++) {
      assertTrue(q.offer(row(Integer.toString(i))));
    }
    assertFalse(q.offer(row("4")), "full: the producer must pause");
    q.next();
    assertEquals(0, resumed.get(), "3 left, above half capacity");
    q.next();
    assertEquals(1, resumed.get(), "drained to half: producer resumes");
    q.complete();
    assertEquals("2", new String(q.next().values().get(0)));
    q.next();
    assertEquals(null, q.next());
  }

  @Test
  void closingEarlyCancelsTheShard() {
    AtomicInteger cancels = new AtomicInteger();
    QueueRowStream q = new QueueRowStream(2, () -> { }, cancels::incrementAndGet);
    q.describe(N);
    q.offer(row("1"));
    q.close();
    q.close();
    assertEquals(1, cancels.get());
    assertTrue(q.offer(row("2")), "rows after close are dropped, never block the producer");
  }

  @Test
  void shardFailureReachesTheConsumer() {
    QueueRowStream q = new QueueRowStream(2);
    q.describe(N);
    q.offer(row("1"));
    EngineException boom = EngineException.internal("shard 3 failed");
    q.fail(boom);
    assertSame(boom, assertThrows(EngineException.class, q::next));
  }

  @Test
  @Timeout(10)
  void mergesShardsFedFromOtherThreads() throws Exception {
    List<RowStream> shards = new ArrayList<>();
    List<Thread> producers = new ArrayList<>();
    for (int s = 0; s < 4; s++) {
      QueueRowStream q = new QueueRowStream(8);
      shards.add(q);
      int shard = s;
      Thread t = new Thread(() -> {
        try {
          q.describe(N);
          for (int i = shard; i < 4000; i += 4) {
            q.put(row(Integer.toString(i)));
          }
          q.complete();
        } catch (InterruptedException e) {
          q.fail(EngineException.canceled());
        }
      });
      producers.add(t);
      t.start();
    }
    RowStream out = new MergeSort(List.of(SortKey.asc(0)), new Route(4)).open(shards);
    int expected = 0;
    for (DataRow r = out.next(); r != null; r = out.next()) {
      assertEquals(Integer.toString(expected++), new String(r.values().get(0)));
    }
    assertEquals(4000, expected);
    for (Thread t : producers) {
      t.join();
    }
  }
}
