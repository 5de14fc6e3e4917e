package io.shardgate.engine.aggregate;

import static io.shardgate.engine.TestRows.columns;
import static io.shardgate.engine.TestRows.drain;
import static io.shardgate.engine.TestRows.field;
import static io.shardgate.engine.TestRows.r;
import static io.shardgate.engine.TestRows.row;
import static io.shardgate.engine.TestRows.rows;
import static io.shardgate.engine.TestRows.shard;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shardgate.engine.Concat;
import io.shardgate.engine.HashAggregate;
import io.shardgate.engine.MergeSort;
import io.shardgate.engine.OrderedAggregate;
import io.shardgate.engine.Route;
import io.shardgate.engine.RowStream;
import io.shardgate.engine.SortKey;
import io.shardgate.engine.value.Format;
import io.shardgate.engine.value.PgTypes;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * avg re-combined from per-shard (sum, count) pairs. Every expected string is what {@code SELECT avg(x)} over
 * the same values printed on PostgreSQL 15 (so the numeric display scale is PostgreSQL's select_div_scale).
 */
class AvgTest {
  /**
   * avg over {@code values} spread one value per shard: each shard's partial is (sum(x), count(x)) with the
   * sum column of {@code sumOid} (int8 for int2/int4 input, numeric for int8/numeric, float8 for floats).
   */
  private static String avg(int sumOid, String... values) {
    RowDescription d = columns(field("avg", sumOid), field("count", PgTypes.INT8));
    List<RowStream> shards = new ArrayList<>();
    for (String v : values) {
      shards.add(shard(d, row(v, "1")));
    }
    RowStream out = new HashAggregate(List.of(), List.of(new Avg(0, 1)), new Concat(new Route(values.length)))
        .open(shards);
    return drain(out).get(0).get(0);
  }

  @Test
  void integerInputs() {
    assertEquals("1.5000000000000000", avg(PgTypes.INT8, "1", "2"));
    assertEquals("1.6666666666666667", avg(PgTypes.INT8, "1", "2", "2"));
    assertEquals("-2.3333333333333333", avg(PgTypes.INT8, "-7", "0", "0"));
    assertEquals("0.00000000000000000000", avg(PgTypes.INT8, "0", "0"));
    assertEquals("5000.0000000000000000", avg(PgTypes.INT8, "9999", "1"));
    assertEquals("2.0000000000000000", avg(PgTypes.INT8, "2", "2", "2"));
    assertEquals("617284.000000000000", avg(PgTypes.INT8, "1234567", "1"));
    assertEquals("5.5000000000000000", avg(PgTypes.INT8, "5", "6")); // avg(int2)
  }

  @Test
  void bigintInputsSumAsNumeric() {
    assertEquals("15000.500000000000", avg(PgTypes.NUMERIC, "10000", "20001"));
    assertEquals("66666666666.33333333", avg(PgTypes.NUMERIC, "99999999999", "99999999999", "1"));
  }

  @Test
  void numericInputsKeepTheLargerScale() {
    assertEquals("1.8750000000000000", avg(PgTypes.NUMERIC, "1.5", "2.25"));
    assertEquals("61728395.061500000000", avg(PgTypes.NUMERIC, "123456789.123", "1"));
    assertEquals("0.00015000000000000000", avg(PgTypes.NUMERIC, "0.0001", "0.0002"));
    assertEquals("0.000023333333333333333333", avg(PgTypes.NUMERIC, "0.00001", "0.00002", "0.00004"));
    assertEquals("1.500000000000000000001", avg(PgTypes.NUMERIC, "1.000000000000000000001", "2"));
    assertEquals("50000000000000000002", avg(PgTypes.NUMERIC, "100000000000000000000", "3"));
    assertEquals("2.5000000000000000", avg(PgTypes.NUMERIC, "2", "3"));
    assertEquals("-1.00000000000000000000", avg(PgTypes.NUMERIC, "-1.5", "-2.5", "1"));
  }

  @Test
  void numericSpecials() {
    assertEquals("NaN", avg(PgTypes.NUMERIC, "NaN", "3"));
    assertEquals("Infinity", avg(PgTypes.NUMERIC, "Infinity", "3"));
    assertEquals("NaN", avg(PgTypes.NUMERIC, "Infinity", "-Infinity"));
  }

  @Test
  void floatInputsGiveDoublePrecision() {
    assertEquals("1.6666666666666667", avg(PgTypes.FLOAT8, "1", "2", "2"));
    // avg(real) over 0.1, 0.2: the router asks each shard for sum(x::float8).
    assertEquals("0.15000000223517418", avg(PgTypes.FLOAT8, "0.10000000149011612", "0.20000000298023224"));
  }

  @Test
  void partialsFromShardsWithSeveralRowsAndNone() {
    // values 1, 2, 2 as shard A (sum 3, count 2), shard B (sum 2, count 1), shard C (no rows: NULL, 0).
    RowDescription d = columns(field("avg", PgTypes.INT8), field("count", PgTypes.INT8));
    RowStream out = new HashAggregate(List.of(), List.of(new Avg(0, 1)), new Concat(new Route(3))).open(List.of(
        shard(d, row("3", "2")), shard(d, row("2", "1")), shard(d, row(null, "0"))));
    assertEquals(List.of(PgTypes.NUMERIC), out.description().fields().stream().map(f -> f.typeOid()).toList());
    assertEquals(rows(r("1.6666666666666667")), drain(out));
  }

  @Test
  void noRowsGiveNull() {
    RowDescription d = columns(field("avg", PgTypes.NUMERIC), field("count", PgTypes.INT8));
    RowStream out = new HashAggregate(List.of(), List.of(new Avg(0, 1)), new Concat(new Route(2))).open(List.of(
        shard(d, row(null, "0")), shard(d, row(null, "0"))));
    assertEquals(rows(r((String) null)), drain(out));
  }

  @Test
  void groupedAvg() {
    // PostgreSQL 15: SELECT k, avg(v) ... GROUP BY k over a:1,2,4 b:7,8 c:NULL -> 2.3333333333333333, 7.5..., NULL
    RowDescription d = columns(field("k", PgTypes.TEXT), field("avg", PgTypes.INT8), field("count", PgTypes.INT8));
    RowStream out = new OrderedAggregate(List.of(0), List.of(new GroupValue(0), new Avg(1, 2)),
        new MergeSort(List.of(SortKey.asc(0)), new Route(2))).open(List.of(
            shard(d, row("a", "3", "2"), row("b", "7", "1")),
            shard(d, row("a", "4", "1"), row("b", "8", "1"), row("c", null, "0"))));
    assertEquals(rows(r("a", "2.3333333333333333"), r("b", "7.5000000000000000"), r("c", null)), drain(out));
  }

  @Test
  void binaryFormatResult() {
    RowDescription d = new RowDescription(List.of(
        new RowDescription.Field("avg", 0, (short) 0, PgTypes.INT8, (short) 8, -1, (short) 1),
        new RowDescription.Field("count", 0, (short) 0, PgTypes.INT8, (short) 8, -1, (short) 1)));
    byte[] three = java.nio.ByteBuffer.allocate(8).putLong(3).array();
    byte[] two = java.nio.ByteBuffer.allocate(8).putLong(2).array();
    RowStream out = new HashAggregate(List.of(), List.of(new Avg(0, 1)), new Concat(new Route(1))).open(List.of(
        shard(d, new DataRow(List.of(three, two)))));
    assertEquals(1, out.description().fields().get(0).format());
    byte[] avg = out.next().values().get(0);
    assertEquals("1.5000000000000000", new String(PgTypes.of(PgTypes.NUMERIC).encode(
        PgTypes.of(PgTypes.NUMERIC).decode(avg, Format.BINARY), Format.TEXT)));
  }
}
