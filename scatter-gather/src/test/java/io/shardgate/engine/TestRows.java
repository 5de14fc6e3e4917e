package io.shardgate.engine;

import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Scripted shard inputs for operator tests: text-format columns and rows, and draining streams to text. */
public final class TestRows {
  private TestRows() {}

  /** A text-format column of type {@code oid}. */
  public static RowDescription.Field field(String name, int oid) {
    return new RowDescription.Field(name, 0, (short) 0, oid, (short) -1, -1, (short) 0);
  }

  public static RowDescription columns(RowDescription.Field... fields) {
    return new RowDescription(List.of(fields));
  }

  /** A row of text values; Java null is SQL NULL. */
  public static DataRow row(String... values) {
    return DataRow.ofText(values);
  }

  public static ListRowStream shard(RowDescription d, DataRow... rows) {
    return ListRowStream.of(d, rows);
  }

  /** Every remaining row of {@code s} as text values (null for NULL); closes the stream. */
  public static List<List<String>> drain(RowStream s) {
    List<List<String>> out = new ArrayList<>();
    try (s) {
      for (DataRow r = s.next(); r != null; r = s.next()) {
        out.add(r.values().stream().map(b -> b == null ? null : new String(b, StandardCharsets.UTF_8)).toList());
      }
    }
    return out;
  }

  /** Rows as lists of text values, for expected results. */
  public static List<List<String>> rows(String[]... rows) {
    return Arrays.stream(rows).map(r -> Arrays.asList(r)).toList();
  }

  public static String[] r(String... values) {
    return values;
  }
}
