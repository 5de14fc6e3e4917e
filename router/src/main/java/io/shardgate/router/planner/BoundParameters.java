package io.shardgate.router.planner;

import io.shardgate.pgwire.message.Bind;
import io.shardgate.router.errors.Errors;
import io.shardgate.topology.KeyType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The values of a statement's $n parameters as the planner needs them: a shard key's text form. */
public interface BoundParameters {
  /** No parameters can exist (simple query protocol): $n is an error, as in PostgreSQL. */
  BoundParameters NONE = (index, type) -> {
    throw Errors.parameterInSimpleQuery(index);
  };

  /** Parameters not bound yet (Describe of a statement): every key value counts as unknown. */
  BoundParameters UNBOUND = (index, type) -> null;

  /** The text form of parameter {@code index} (1-based) for a key of {@code type}; null for SQL NULL or unknown. */
  String keyText(int index, KeyType type);

  /** The parameters of a Bind message, in text or binary format. */
  static BoundParameters of(Bind bind) {
    return (index, type) -> {
      int i = index - 1;
      if (i < 0 || i >= bind.parameterCount()) {
        throw Errors.parameterInSimpleQuery(index);
      }
      if (bind.isNull(i)) {
        return null;
      }
      if (!bind.isBinary(i)) {
        return bind.textParameter(i);
      }
      return binaryKeyText(bind.parameters().get(i), type);
    };
  }

  /** Decodes a binary-format key value; integers by their width, so an int4 parameter can key a bigint colo. */
  private static String binaryKeyText(byte[] value, KeyType type) {
    ByteBuffer b = ByteBuffer.wrap(value);
    switch (type) {
      case SMALLINT, INTEGER, BIGINT -> {
        return switch (value.length) {
          case 2 -> Short.toString(b.getShort());
          case 4 -> Integer.toString(b.getInt());
          case 8 -> Long.toString(b.getLong());
          default -> throw Errors.invalidKeyValue(type.name().toLowerCase(), value.length + "-byte binary value");
        };
      }
      case UUID -> {
        if (value.length != 16) {
          throw Errors.invalidKeyValue("uuid", value.length + "-byte binary value");
        }
        return new UUID(b.getLong(), b.getLong()).toString();
      }
      default -> {
        return new String(value, StandardCharsets.UTF_8);
      }
    }
  }
}
