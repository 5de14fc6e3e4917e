package io.shardgate.bench;

import io.shardgate.engine.Concat;
import io.shardgate.engine.HashAggregate;
import io.shardgate.engine.Limit;
import io.shardgate.engine.ListRowStream;
import io.shardgate.engine.MergeSort;
import io.shardgate.engine.Operator;
import io.shardgate.engine.Route;
import io.shardgate.engine.RowStream;
import io.shardgate.engine.SortKey;
import io.shardgate.engine.aggregate.Count;
import io.shardgate.engine.aggregate.GroupValue;
import io.shardgate.engine.aggregate.Sum;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Rows per second through the merge, shard rows already in memory (what the router does once the rows have
 * arrived): a k-way ordered merge of 8 sorted shard streams (ORDER BY a bigint and a text column), the same with
 * LIMIT 100, a plain Concat, and re-combining GROUP BY partials (1,000 groups per shard, count and sum) with a
 * hash aggregate. Values in text format, as the simple protocol carries them. Each operation merges
 * {@link #ROWS} rows, so JMH's operations per second times ROWS is rows per second; the scores are per row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MergeBenchmark {
  static final int SHARDS = 8;
  static final int ROWS = 80_000;
  static final int GROUPS = 1_000;

  private List<List<DataRow>> sortedShards;
  private List<List<DataRow>> partials;
  private RowDescription rowColumns;
  private RowDescription partialColumns;
  private final Operator mergeSort = new MergeSort(List.of(SortKey.asc(0), SortKey.asc(1)), new Route(SHARDS));
  private final Operator topHundred = new Limit(0, 100, mergeSort);
  private final Operator concat = new Concat(new Route(SHARDS));
  private final Operator groups = new HashAggregate(List.of(0), List.of(new GroupValue(0), new Count(1), new Sum(2)),
      new Concat(new Route(SHARDS)));

  @Setup
  public void setUp() {
    Random r = new Random(1);
    rowColumns = new RowDescription(List.of(field("id", 20), field("name", 25)));
    partialColumns = new RowDescription(List.of(field("g", 20), field("count", 20), field("sum", 1700)));
    sortedShards = new ArrayList<>();
    for (int s = 0; s < SHARDS; s++) {
      long[] ids = r.longs(ROWS / SHARDS, 0, 1_000_000_000L).sorted().toArray();
      List<DataRow> rows = new ArrayList<>();
      for (long id : ids) {
        rows.add(DataRow.ofText(Long.toString(id), "name " + (id % 977)));
      }
      sortedShards.add(rows);
    }
    partials = new ArrayList<>();
    for (int s = 0; s < SHARDS; s++) {
      List<DataRow> rows = new ArrayList<>();
      for (int g = 0; g < GROUPS; g++) {
        rows.add(DataRow.ofText(Integer.toString(g), Integer.toString(1 + r.nextInt(100)),
            r.nextInt(100000) + "." + r.nextInt(100)));
      }
      partials.add(rows);
    }
  }

  private static RowDescription.Field field(String name, int oid) {
    return new RowDescription.Field(name, 0, (short) 0, oid, (short) -1, -1, (short) 0);
  }

  private static List<RowStream> streams(RowDescription d, List<List<DataRow>> shards) {
    List<RowStream> out = new ArrayList<>();
    for (List<DataRow> rows : shards) {
      out.add(new ListRowStream(d, rows));
    }
    return out;
  }

  private static long drain(RowStream s) {
    long n = 0;
    try (s) {
      while (s.next() != null) {
        n++;
      }
    }
    return n;
  }

  /** ORDER BY id, name over 8 sorted shards: rows merged per second. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long orderedMerge() {
    return drain(mergeSort.open(streams(rowColumns, sortedShards)));
  }

  /** UNION ALL of the shards' rows (no ORDER BY): rows passed per second. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long concat() {
    return drain(concat.open(streams(rowColumns, sortedShards)));
  }

  /** GROUP BY with 1,000 groups: partial rows (8 x 1,000) re-combined per second. */
  @Benchmark
  @OperationsPerInvocation(SHARDS * GROUPS)
  public long groupByPartials() {
    return drain(groups.open(streams(partialColumns, partials)));
  }

  /** ORDER BY ... LIMIT 100 over 8 shards of 100 rows each (what the shards send for LIMIT 100): per statement. */
  @Benchmark
  public long orderByLimit100() {
    List<List<DataRow>> firsts = new ArrayList<>();
    for (List<DataRow> rows : sortedShards) {
      firsts.add(rows.subList(0, 100));
    }
    return drain(topHundred.open(streams(rowColumns, firsts)));
  }
}
