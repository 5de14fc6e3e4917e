package io.shardgate.engine.aggregate;

import io.shardgate.engine.EngineException;
import io.shardgate.engine.RowOrdering;
import io.shardgate.engine.SortKey;
import io.shardgate.engine.TypedColumn;
import io.shardgate.engine.value.Format;
import io.shardgate.engine.value.PgTypes;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * array_agg(value [ORDER BY ...]) over raw per-row inputs (one shard row per input row): the group's values,
 * NULLs included, sorted by {@code order}, as a one-dimensional array of the value's type (lower bound 1);
 * NULL for a group without rows. The elements pass through as the shards sent them ({@link ArrayOutput}
 * writes the array around them), so any element type with a known array type works.
 */
public record ArrayAgg(int value, List<SortKey> order) implements Aggregate {
  public ArrayAgg {
    order = List.copyOf(order);
  }

  @Override
  public String describe() {
    return "array_agg(" + value + (order.isEmpty() ? "" : " ORDER BY "
        + order.stream().map(SortKey::toString).collect(Collectors.joining(", "))) + ")";
  }

  @Override
  public Bound bind(RowDescription input) {
    RowDescription.Field f = TypedColumn.fieldAt(input, value);
    int arrayOid = PgTypes.arrayOf(f.typeOid())
        .orElseThrow(() -> EngineException.unsupportedType(f.typeOid(), "array_agg"));
    Format format = Format.of(f.format());
    RowOrdering ordering = order.isEmpty() ? null : RowOrdering.bind(order, input);
    RowDescription.Field out = new RowDescription.Field(f.name(), 0, (short) 0, arrayOid, (short) -1, -1,
        format.code());
    return new Bound(out, () -> new Accumulator() {
      private final OrderedValues rows = new OrderedValues(ordering);

      @Override
      public void add(DataRow row) {
        rows.add(row);
      }

      @Override
      public byte[] result() {
        List<DataRow> sorted = rows.sorted();
        if (sorted.isEmpty()) {
          return null;
        }
        List<byte[]> elements = new ArrayList<>(sorted.size());
        for (DataRow r : sorted) {
          elements.add(r.values().get(value));
        }
        return format == Format.BINARY ? ArrayOutput.binary(f.typeOid(), elements) : ArrayOutput.text(elements);
      }
    });
  }
}
