package io.shardgate.engine;

import io.shardgate.engine.value.Format;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The final select list: picks, reorders and drops columns (helper columns the router added to the shard
 * query, such as ORDER BY keys outside the select list) and computes columns from expressions. A column
 * reference passes its bytes and field through untouched, whatever the type; a computed column is named
 * {@code ?column?}, as PostgreSQL names it, and sent in text format.
 */
public record Project(List<Expr> columns, Operator input) implements Operator {
  public Project {
    columns = List.copyOf(columns);
  }

  /** Keeps just these input columns, in this order. */
  public static Project columns(Operator input, int... indexes) {
    return new Project(Arrays.stream(indexes).mapToObj(i -> (Expr) new Expr.Column(i)).toList(), input);
  }

  @Override
  public String label() {
    return "Project(columns=" + columns.stream().map(Expr::describe).collect(Collectors.joining(", ", "[", "]"))
        + ")";
  }

  @Override
  public List<PlanNode> inputs() {
    return List.of(input);
  }

  @Override
  public RowStream open(List<RowStream> shardInputs) {
    RowStream in = input.open(shardInputs);
    RowDescription d = in.description();
    List<RowDescription.Field> fields = new ArrayList<>();
    List<Function<DataRow, byte[]>> values = new ArrayList<>();
    for (Expr e : columns) {
      if (e instanceof Expr.Column c) {
        fields.add(TypedColumn.fieldAt(d, c.index()));
        values.add(row -> row.values().get(c.index()));
      } else {
        BoundExpr b = BoundExpr.bind(e, d);
        fields.add(b.type().field("?column?", Format.TEXT));
        values.add(row -> {
          var v = b.eval(row);
          return v == null ? null : b.type().encode(v, Format.TEXT);
        });
      }
    }
    return new Stream(in, new RowDescription(fields), values);
  }

  private static final class Stream extends UnaryStream {
    private final List<Function<DataRow, byte[]>> values;

    Stream(RowStream in, RowDescription description, List<Function<DataRow, byte[]>> values) {
      super(in, description);
      this.values = values;
    }

    @Override
    public DataRow next() {
      DataRow row = in.next();
      if (row == null) {
        return null;
      }
      List<byte[]> out = new ArrayList<>(values.size());
      for (Function<DataRow, byte[]> v : values) {
        out.add(v.apply(row));
      }
      return new DataRow(out);
    }
  }
}
