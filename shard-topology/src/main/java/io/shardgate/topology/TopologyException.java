package io.shardgate.topology;

/**
 * A topology that cannot be loaded, built or applied, or a shard-key value that cannot be hashed.
 * Carries the SQLSTATE a router should report when the problem reaches a client.
 */
public final class TopologyException extends RuntimeException {
  /** config_file_error: the topology document or model is invalid. */
  public static final String CONFIG_ERROR = "F0000";
  /** invalid_text_representation: a key value is not valid input for the key type. */
  public static final String INVALID_TEXT = "22P02";
  /** numeric_value_out_of_range: an integer key value does not fit the key type. */
  public static final String OUT_OF_RANGE = "22003";
  /** null_value_not_allowed: a NULL shard-key value belongs to no shard. */
  public static final String NULL_VALUE = "22004";
  /** datatype_mismatch: a Java value of the wrong kind for the key type. */
  public static final String DATATYPE_MISMATCH = "42804";

  private final String sqlState;

  /** A configuration error (SQLSTATE F0000). */
  public TopologyException(String message) {
    this(CONFIG_ERROR, message, null);
  }

  /** A configuration error (SQLSTATE F0000) with its cause. */
  public TopologyException(String message, Throwable cause) {
    this(CONFIG_ERROR, message, cause);
  }

  /** An error with an explicit SQLSTATE. */
  public TopologyException(String sqlState, String message, Throwable cause) {
    super(message, cause);
    this.sqlState = sqlState;
  }

  /** A key value that is not valid input for {@code typeName}, worded as PostgreSQL words it. */
  static TopologyException invalidInput(String typeName, String text) {
    return new TopologyException(INVALID_TEXT, "invalid input syntax for type " + typeName + ": \"" + text + "\"", null);
  }

  /** An integer key value outside {@code typeName}'s range, worded as PostgreSQL words it. */
  static TopologyException outOfRange(String typeName, String text) {
    return new TopologyException(OUT_OF_RANGE, "value \"" + text + "\" is out of range for type " + typeName, null);
  }

  /** The five-character SQLSTATE. */
  public String sqlState() {
    return sqlState;
  }
}
