package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;

/** ReadyForQuery ('Z') with the transaction status: I (idle), T (in transaction), E (failed transaction). */
public record ReadyForQuery(char status) implements BackendMessage {
  public static final byte TYPE = 'Z';
  public static final ReadyForQuery IDLE = new ReadyForQuery('I');
  public static final ReadyForQuery IN_TRANSACTION = new ReadyForQuery('T');
  public static final ReadyForQuery FAILED = new ReadyForQuery('E');

  public static ReadyForQuery decode(ByteBuf body) {
    BodyReader r = new BodyReader(body, "ReadyForQuery");
    char status = (char) r.int8("transaction status");
    r.end();
    return new ReadyForQuery(status);
  }

  @Override
  public void encode(ByteBuf out) {
    out.writeByte(TYPE).writeInt(5).writeByte(status);
  }
}
