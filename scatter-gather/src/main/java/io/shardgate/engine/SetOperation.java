package io.shardgate.engine;

import io.shardgate.engine.value.LongValue;
import io.shardgate.engine.value.PgValue;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * INTERSECT / EXCEPT [ALL] over the rows of both sides, gathered from every shard into one input whose column 0
 * says the side (0 left, 1 right; an integer) and whose other columns are the row. Counts each distinct row
 * per side (PostgreSQL equality, NULLs equal) and then emits, in first-seen order: INTERSECT min(l, r) copies
 * (ALL) or one if both have it; EXCEPT l - r copies (ALL) or one if only the left has it. The side column is
 * dropped. Holds every distinct row in memory.
 */
public record SetOperation(Kind kind, boolean all, Operator input) implements Operator {
  /** The set operation. */
  public enum Kind { INTERSECT, EXCEPT }

  @Override
  public String label() {
    return "SetOperation(" + kind + (all ? " ALL" : "") + ")";
  }

  @Override
  public List<PlanNode> inputs() {
    return List.of(input);
  }

  @Override
  public RowStream open(List<RowStream> shardInputs) {
    RowStream in = input.open(shardInputs);
    RowDescription d = in.description();
    if (d.fields().size() < 2) {
      throw EngineException.internal("a set operation's input needs a side column and at least one more");
    }
    TypedColumn side = TypedColumn.bind(d, 0, "set operation");
    List<Integer> rowColumns = new ArrayList<>();
    for (int i = 1; i < d.fields().size(); i++) {
      rowColumns.add(i);
    }
    KeyColumns keys = KeyColumns.bind(rowColumns, d, false);
    return new Stream(in, new RowDescription(d.fields().subList(1, d.fields().size())), side, keys);
  }

  private final class Stream extends UnaryStream {
    private final TypedColumn side;
    private final KeyColumns keys;
    private Iterator<Map.Entry<List<PgValue>, long[]>> groups;
    private final Map<List<PgValue>, DataRow> firstRow = new LinkedHashMap<>();
    private final ArrayDeque<DataRow> pending = new ArrayDeque<>();

    Stream(RowStream in, RowDescription out, TypedColumn side, KeyColumns keys) {
      super(in, out);
      this.side = side;
      this.keys = keys;
    }

    @Override
    public DataRow next() {
      if (groups == null) {
        Map<List<PgValue>, long[]> counts = new LinkedHashMap<>();
        for (DataRow row = in.next(); row != null; row = in.next()) {
          List<PgValue> key = keys.keyOf(row);
          long[] c = counts.computeIfAbsent(key, k -> new long[2]);
          c[side.value(row) instanceof LongValue v && v.value() != 0 ? 1 : 0]++;
          firstRow.putIfAbsent(key, new DataRow(row.values().subList(1, row.values().size())));
        }
        groups = counts.entrySet().iterator();
      }
      while (pending.isEmpty() && groups.hasNext()) {
        Map.Entry<List<PgValue>, long[]> g = groups.next();
        long l = g.getValue()[0];
        long r = g.getValue()[1];
        long copies = kind == Kind.INTERSECT ? (all ? Math.min(l, r) : (l > 0 && r > 0 ? 1 : 0))
            : (all ? Math.max(l - r, 0) : (l > 0 && r == 0 ? 1 : 0));
        DataRow row = firstRow.get(g.getKey());
        for (long i = 0; i < copies; i++) {
          pending.add(row);
        }
      }
      return pending.poll();
    }
  }
}
