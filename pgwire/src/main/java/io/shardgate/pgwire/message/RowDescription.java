package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.shardgate.pgwire.Wire;
import java.util.ArrayList;
import java.util.List;

/** RowDescription ('T'): the columns of the rows that follow. */
public record RowDescription(List<Field> fields) implements BackendMessage {
  public static final byte TYPE = 'T';
  /** PostgreSQL's OID of type text. */
  public static final int TEXT_OID = 25;

  /** One column: name, source table and column, type OID, size, modifier and format (0 text, 1 binary). */
  public record Field(String name, int tableOid, short columnNumber, int typeOid, short typeSize, int typeModifier,
                      short format) {
    /** A text column not taken from a table, as a locally produced result has. */
    public static Field text(String name) {
      return new Field(name, 0, (short) 0, TEXT_OID, (short) -1, -1, (short) 0);
    }
  }

  public RowDescription {
    fields = List.copyOf(fields);
  }

  public static RowDescription decode(ByteBuf body) {
    BodyReader r = new BodyReader(body, "RowDescription");
    int n = r.count("field count");
    r.needElements(n, 19, "fields"); // a field is at least its name's terminator and 18 bytes of numbers
    List<Field> fields = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      fields.add(new Field(r.cstring("field name"), r.int32("table OID"), r.int16("column number"),
          r.int32("type OID"), r.int16("type size"), r.int32("type modifier"), r.int16("format code")));
    }
    r.end();
    return new RowDescription(fields);
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Wire.begin(out, 'T');
    out.writeShort(fields.size());
    for (Field f : fields) {
      Wire.writeCString(out, f.name());
      out.writeInt(f.tableOid()).writeShort(f.columnNumber()).writeInt(f.typeOid()).writeShort(f.typeSize())
          .writeInt(f.typeModifier()).writeShort(f.format());
    }
    Wire.end(out, at);
  }
}
