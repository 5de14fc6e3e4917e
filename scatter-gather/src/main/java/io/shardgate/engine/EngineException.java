package io.shardgate.engine;

/**
 * An error the merge engine raises, with the SQLSTATE, message, detail and hint a client should see;
 * the named constructors below are the engine's whole catalogue.
 */
public final class EngineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** feature_not_supported. */
  public static final String FEATURE_NOT_SUPPORTED = "0A000";
  /** invalid_text_representation. */
  public static final String INVALID_TEXT = "22P02";
  /** invalid_binary_representation. */
  public static final String INVALID_BINARY = "22P03";
  /** numeric_value_out_of_range. */
  public static final String OUT_OF_RANGE = "22003";
  /** undefined_function: a type without the ordering or equality operator a merge needs. */
  public static final String UNDEFINED_FUNCTION = "42883";
  /** datatype_mismatch. */
  public static final String DATATYPE_MISMATCH = "42804";
  /** query_canceled. */
  public static final String QUERY_CANCELED = "57014";
  /** internal_error: only for bugs in the caller (a plan that does not fit its inputs). */
  public static final String INTERNAL = "XX000";

  private final String sqlState;
  private final String detail;
  private final String hint;

  public EngineException(String sqlState, String message, String detail, String hint) {
    super(message);
    this.sqlState = sqlState;
    this.detail = detail;
    this.hint = hint;
  }

  public String sqlState() {
    return sqlState;
  }

  public String detail() {
    return detail;
  }

  public String hint() {
    return hint;
  }

  /** A type the engine cannot decode, compare or compute with. */
  public static EngineException unsupportedType(int oid, String purpose) {
    return new EngineException(FEATURE_NOT_SUPPORTED, "cannot " + purpose + " values of type OID " + oid
        + " across shards", "The router merges rows itself and only knows a fixed set of PostgreSQL types.", null);
  }

  /** PostgreSQL's own error for ORDER BY / MIN / MAX over a type without ordering (e.g. json). */
  public static EngineException noOrdering(String typeName) {
    return new EngineException(UNDEFINED_FUNCTION, "could not identify an ordering operator for type " + typeName,
        null, "Use an explicit ordering operator or modify the query.");
  }

  /** PostgreSQL's own error for DISTINCT / GROUP BY over a type without equality (e.g. json). */
  public static EngineException noEquality(String typeName) {
    return new EngineException(UNDEFINED_FUNCTION, "could not identify an equality operator for type " + typeName,
        null, null);
  }

  /** A value a shard sent that is not valid for its type, worded as PostgreSQL words it. */
  public static EngineException invalidText(String typeName, String text) {
    return new EngineException(INVALID_TEXT, "invalid input syntax for type " + typeName + ": \"" + text + "\"",
        null, null);
  }

  /** A binary value of the wrong length or shape. */
  public static EngineException invalidBinary(String typeName, String problem) {
    return new EngineException(INVALID_BINARY, "invalid binary value for type " + typeName + ": " + problem,
        null, null);
  }

  /** An integer result outside its type, worded as PostgreSQL words it ("bigint out of range"). */
  public static EngineException outOfRange(String typeName) {
    return new EngineException(OUT_OF_RANGE, typeName + " out of range", null, null);
  }

  /** A float result that overflowed, worded as PostgreSQL words it. */
  public static EngineException floatOverflow() {
    return new EngineException(OUT_OF_RANGE, "value out of range: overflow", null, null);
  }

  /** An aggregate that cannot be re-combined from per-shard partials of this type. */
  public static EngineException cannotCombine(String aggregate, String typeName) {
    return new EngineException(FEATURE_NOT_SUPPORTED, aggregate + " over type " + typeName
        + " cannot be combined across shards", null, "Run the statement on one shard, or cast the argument.");
  }

  /** Two operands the engine cannot compare (no implicit cast between their types). */
  public static EngineException noOperator(String left, String op, String right) {
    return new EngineException(UNDEFINED_FUNCTION, "operator does not exist: " + left + " " + op + " " + right,
        null, null);
  }

  /** Shards answered with different columns: their schemas have drifted apart. */
  public static EngineException shardsDisagree(String detail) {
    return new EngineException(DATATYPE_MISMATCH, "shards returned different result columns", detail,
        "Check that every shard has the same table definition.");
  }

  /** A plan that does not fit its inputs: a bug in whoever built or fed it. */
  public static EngineException internal(String message) {
    return new EngineException(INTERNAL, message, null, null);
  }

  /** The consumer was interrupted while waiting for a shard. */
  public static EngineException canceled() {
    return new EngineException(QUERY_CANCELED, "canceling statement due to user request", null, null);
  }
}
