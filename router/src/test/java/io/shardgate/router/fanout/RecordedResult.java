package io.shardgate.router.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shardgate.engine.ListRowStream;
import io.shardgate.engine.RowStream;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** One result in text format, as a shard or one whole database answered it: column names, type OIDs, rows. */
record RecordedResult(List<String> names, List<Integer> oids, List<List<String>> rows) {
  /** A shard's answer as the merge reads it. */
  RowStream stream() {
    List<RowDescription.Field> fields = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      fields.add(new RowDescription.Field(names.get(i), 0, (short) 0, oids.get(i), (short) -1, -1, (short) 0));
    }
    List<DataRow> data = rows.stream().map(r -> DataRow.ofText(r.toArray(String[]::new))).toList();
    return new ListRowStream(new RowDescription(fields), data);
  }

  /** Reads a stream to its end (and closes it). */
  static RecordedResult drain(RowStream s) {
    try (s) {
      List<String> names = new ArrayList<>();
      List<Integer> oids = new ArrayList<>();
      for (RowDescription.Field f : s.description().fields()) {
        assertEquals(0, f.format(), "text format");
        names.add(f.name());
        oids.add(f.typeOid());
      }
      List<List<String>> rows = new ArrayList<>();
      for (DataRow r = s.next(); r != null; r = s.next()) {
        List<String> row = new ArrayList<>();
        for (byte[] v : r.values()) {
          row.add(v == null ? null : new String(v, StandardCharsets.UTF_8));
        }
        rows.add(row);
      }
      return new RecordedResult(names, oids, rows);
    }
  }

  /**
   * Asserts that {@code actual} (the merge) equals this result (one database's): same names and types, and the
   * same rows, in order when {@code ordered}, else as multisets.
   */
  void assertSameAnswer(RecordedResult actual, boolean ordered, String query) {
    assertEquals(names, actual.names(), "column names of " + query);
    assertEquals(oids, actual.oids(), "column types of " + query);
    if (ordered) {
      assertEquals(rows, actual.rows(), "rows (in order) of " + query);
    } else {
      assertEquals(sorted(rows), sorted(actual.rows()), "rows (any order) of " + query);
    }
  }

  private static List<String> sorted(List<List<String>> rows) {
    return rows.stream().map(String::valueOf).sorted(Comparator.naturalOrder()).toList();
  }

  ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ArrayNode columns = o.putArray("columns");
    for (int i = 0; i < names.size(); i++) {
      columns.addArray().add(names.get(i)).add(oids.get(i));
    }
    ArrayNode data = o.putArray("rows");
    for (List<String> r : rows) {
      ArrayNode row = data.addArray();
      r.forEach(row::add);
    }
    return o;
  }

  static RecordedResult fromJson(JsonNode o) {
    List<String> names = new ArrayList<>();
    List<Integer> oids = new ArrayList<>();
    for (JsonNode c : o.get("columns")) {
      names.add(c.get(0).asText());
      oids.add(c.get(1).asInt());
    }
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode r : o.get("rows")) {
      List<String> row = new ArrayList<>();
      r.forEach(v -> row.add(v.isNull() ? null : v.asText()));
      rows.add(row);
    }
    return new RecordedResult(names, oids, rows);
  }
}
