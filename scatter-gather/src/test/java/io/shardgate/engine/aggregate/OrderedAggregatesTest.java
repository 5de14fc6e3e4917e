package io.shardgate.engine.aggregate;

import static io.shardgate.engine.TestRows.columns;
import static io.shardgate.engine.TestRows.drain;
import static io.shardgate.engine.TestRows.field;
import static io.shardgate.engine.TestRows.r;
import static io.shardgate.engine.TestRows.row;
import static io.shardgate.engine.TestRows.rows;
import static io.shardgate.engine.TestRows.shard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.shardgate.engine.Concat;
import io.shardgate.engine.HashAggregate;
import io.shardgate.engine.Route;
import io.shardgate.engine.RowStream;
import io.shardgate.engine.SortKey;
import io.shardgate.engine.value.ArrayValue;
import io.shardgate.engine.value.Format;
import io.shardgate.engine.value.LongValue;
import io.shardgate.engine.value.PgType;
import io.shardgate.engine.value.PgTypes;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * string_agg and array_agg merged from raw per-row inputs of two shards. Expected strings are what PostgreSQL 15
 * prints for the same rows in one table.
 */
class OrderedAggregatesTest {
  /** Columns: group, value, delimiter, order key (int4). */
  private static final RowDescription RAW = columns(field("g", PgTypes.TEXT), field("v", PgTypes.TEXT),
      field("d", PgTypes.TEXT), field("k", PgTypes.INT4));

  private static List<List<String>> merge(Aggregate a, RowDescription d, List<DataRow> shard0, List<DataRow> shard1) {
    RowStream out = new HashAggregate(List.of(0), List.of(new GroupValue(0), a), new Concat(new Route(2)))
        .open(List.of(shard(d, shard0.toArray(DataRow[]::new)), shard(d, shard1.toArray(DataRow[]::new))));
    return drain(out);
  }

  @Test
  void stringAggSortsDescNullsFirstSkipsNullValuesAndDropsTheFirstDelimiter() {
    // string_agg(v, d ORDER BY k DESC NULLS FIRST): k NULL first, then 3, 2, 1; v NULL skipped (with its delimiter)
    List<List<String>> out = merge(new StringAgg(1, 2, List.of(new SortKey(3, true, true))), RAW,
        List.of(row("x", "ü", "-", "1"), row("x", null, "!", "2"), row("y", null, ",", "1")),
        List.of(row("x", "日本", "+", "3"), row("x", "a", "/", null)));
    assertEquals(rows(r("x", "a+日本-ü"), r("y", null)), out);
  }

  @Test
  void stringAggOfBpcharDropsTrailingSpacesOfValuesOnly() {
    RowDescription d = columns(field("g", PgTypes.TEXT), field("v", PgTypes.BPCHAR), field("d", PgTypes.BPCHAR),
        field("k", PgTypes.INT4));
    List<List<String>> out = merge(new StringAgg(1, 2, List.of(SortKey.asc(3))), d,
        List.of(row("x", "ab ", ", ", "1")), List.of(row("x", "c  ", ", ", "2")));
    assertEquals(rows(r("x", "ab, c")), out);
  }

  @Test
  void stringAggOfByteaJoinsOctets() {
    RowDescription d = columns(field("g", PgTypes.TEXT), field("v", PgTypes.BYTEA), field("d", PgTypes.BYTEA),
        field("k", PgTypes.INT4));
    List<List<String>> out = merge(new StringAgg(1, 2, List.of(SortKey.asc(3))), d,
        List.of(row("x", "\\x0102", "\\x2c", "2")), List.of(row("x", "\\xff", "\\x2c", "1")));
    assertEquals(rows(r("x", "\\xff2c0102")), out);
  }

  @Test
  void arrayAggKeepsNullsAndQuotesAsArrayOut() {
    List<List<String>> out = merge(new ArrayAgg(1, List.of(SortKey.asc(3))), RAW,
        List.of(row("x", "a", null, "1"), row("x", "c d", null, "2"), row("x", "", null, "5")),
        List.of(row("x", null, null, "3"), row("x", "NULL", null, "4"), row("x", "x\"y\\z", null, "6"),
            row("x", "é{}", null, "7")));
    assertEquals(rows(r("x", "{a,\"c d\",NULL,\"NULL\",\"\",\"x\\\"y\\\\z\",\"é{}\"}")), out);
  }

  @Test
  void arrayAggTypesTheResultAsTheElementsArray() {
    RowDescription d = columns(field("g", PgTypes.TEXT), field("v", PgTypes.INT4));
    RowStream out = new HashAggregate(List.of(0), List.of(new ArrayAgg(1, List.of(SortKey.desc(1)))),
        new Concat(new Route(1))).open(List.of(shard(d, row("x", "2"), row("x", null), row("x", "10"))));
    assertEquals(1007, out.description().fields().get(0).typeOid());
    assertEquals(rows(r("{NULL,10,2}")), drain(out));
  }

  @Test
  void arrayAggInBinaryFormatIsArraySend() {
    RowDescription d = new RowDescription(List.of(
        new RowDescription.Field("v", 0, (short) 0, PgTypes.INT4, (short) 4, -1, Format.BINARY.code())));
    RowStream out = new HashAggregate(List.of(), List.of(new ArrayAgg(0, List.of())), new Concat(new Route(1)))
        .open(List.of(shard(d, new DataRow(List.of(new byte[] {0, 0, 0, 7})),
            new DataRow(java.util.Arrays.asList((byte[]) null)))));
    byte[] bytes = out.next().values().get(0);
    // ndim 1, has NULLs, int4, 2 elements from 1, then 7 and NULL
    assertEquals("00000001" + "00000001" + "00000017" + "00000002" + "00000001" + "00000004" + "00000007"
        + "ffffffff", HexFormat.of().formatHex(bytes));
    PgType int4s = PgTypes.of(1007);
    ArrayValue decoded = (ArrayValue) int4s.decode(bytes, Format.BINARY);
    assertEquals(new LongValue(7).compareTo(decoded.elements()[0]), 0);
    assertNull(decoded.elements()[1]);
  }

  @Test
  void arrayTextConvertsToBinaryAndBack() {
    PgType texts = PgTypes.of(1009);
    ArrayValue a = (ArrayValue) texts.decode("{a,NULL,\"c d\"}".getBytes(), Format.TEXT);
    byte[] binary = texts.encode(a, Format.BINARY);
    assertEquals(0, a.compareTo(texts.decode(binary, Format.BINARY)));
  }

  @Test
  void noRowsGiveNull() {
    RowStream out = new HashAggregate(List.of(), List.of(new ArrayAgg(1, List.of()), new StringAgg(1, 2, List.of())),
        new Concat(new Route(1))).open(List.of(shard(RAW)));
    assertEquals(java.util.Arrays.asList(null, null), drain(out).get(0));
  }

  @Test
  void describesItsInputsAndOrder() {
    assertEquals("string_agg(1, 2 ORDER BY 3 DESC NULLS FIRST)",
        new StringAgg(1, 2, List.of(new SortKey(3, true, true))).describe());
    assertEquals("array_agg(4)", new ArrayAgg(4, List.of()).describe());
  }
}
