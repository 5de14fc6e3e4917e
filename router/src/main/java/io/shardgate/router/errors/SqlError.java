package io.shardgate.router.errors;

import io.shardgate.pgwire.message.ErrorResponse;

/** An error Shardgate raises itself, with the SQLSTATE, message, detail and hint the client sees. */
public final class SqlError extends RuntimeException {
  private final String sqlState;
  private final String detail;
  private final String hint;

  public SqlError(String sqlState, String message, String detail, String hint) {
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

  /** The wire form; severity FATAL for errors that end the connection. */
  public ErrorResponse toResponse(boolean fatal) {
    return ErrorResponse.of(fatal ? "FATAL" : "ERROR", sqlState, getMessage(), detail, hint);
  }
}
