package io.shardgate.router.tx;

import io.shardgate.pgwire.Frame;
import io.shardgate.pgwire.message.CommandComplete;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.ErrorResponse;
import io.shardgate.pgwire.message.Query;
import io.shardgate.router.backend.BackendConnection;
import io.shardgate.router.backend.FrameSink;
import io.shardgate.router.errors.Errors;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One simple Query the router itself sends to a backend connection (transaction control, PREPARE TRANSACTION,
 * the commit record), with its reply collected rather than forwarded to a client.
 */
public final class BackendCall implements FrameSink {
  /**
   * What came back: the last command tag, the first error, the first column of the first row, the transaction
   * status after the query, or the connection failure (then the rest is empty).
   */
  public record Reply(BackendConnection conn, String tag, ErrorResponse error, String firstValue, char status,
                      Throwable failure) {
    /** The query ran to its end without an error. */
    public boolean ok() {
      return failure == null && error == null;
    }

    /** The node's error, or for a broken connection an error naming the node; null when the query ran. */
    public ErrorResponse problem() {
      if (error != null || failure == null) {
        return error;
      }
      return Errors.nodeUnavailable(conn.key().node(), Errors.rootMessage(failure)).toResponse(false);
    }

    /** Whether the outcome is unknown: the connection broke before the reply arrived. */
    public boolean broken() {
      return failure != null;
    }
  }

  private final BackendConnection conn;
  private final CompletableFuture<Reply> result = new CompletableFuture<>();
  private String tag;
  private ErrorResponse error;
  private String firstValue;
  private boolean sawRow;

  private BackendCall(BackendConnection conn) {
    this.conn = conn;
  }

  /** Sends {@code sql} as one simple Query on {@code conn}; completes (on the backend's thread) at its ReadyForQuery. */
  public static CompletableFuture<Reply> run(BackendConnection conn, String sql) {
    BackendCall call = new BackendCall(conn);
    conn.attach(call);
    // attached first: a connection that closes from now on reports to the call; one closed before is seen here
    if (!conn.isUsable()) {
      call.onBackendFailure(new IllegalStateException("connection to node " + conn.key().node() + " is closed"));
      return call.result;
    }
    conn.send(new Query(sql));
    return call.result;
  }

  /** Runs {@code sql} on every connection at once; completes when all replied. */
  public static CompletableFuture<List<Reply>> runAll(List<BackendConnection> conns, java.util.function.Function<BackendConnection, String> sql) {
    List<CompletableFuture<Reply>> calls = conns.stream().map(c -> run(c, sql.apply(c))).toList();
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .thenApply(v -> calls.stream().map(CompletableFuture::join).toList());
  }

  @Override
  public void onFrame(Frame frame) {
    try {
      switch (frame.type()) {
        case 'C' -> tag = CommandComplete.decode(frame.body().duplicate()).tag();
        case 'E' -> {
          if (error == null) {
            error = ErrorResponse.decode(frame.body().duplicate());
          }
        }
        case 'D' -> {
          if (!sawRow) {
            sawRow = true;
            byte[] v = DataRow.decode(frame.body().duplicate()).values().get(0);
            firstValue = v == null ? null : new String(v, StandardCharsets.UTF_8);
          }
        }
        case 'Z' -> {
          conn.attach(null);
          result.complete(new Reply(conn, tag, error, firstValue, conn.transactionStatus(), null));
        }
        default -> { } // RowDescription, notices, parameter status: not needed
      }
    } finally {
      frame.release();
    }
  }

  @Override
  public void onBackendFailure(Throwable cause) {
    result.complete(new Reply(conn, tag, error, firstValue, 'I', cause));
  }
}
