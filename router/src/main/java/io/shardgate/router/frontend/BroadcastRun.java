package io.shardgate.router.frontend;

import io.shardgate.pgwire.Frame;
import io.shardgate.pgwire.message.CommandComplete;
import io.shardgate.pgwire.message.ErrorResponse;
import io.shardgate.pgwire.message.Query;
import io.shardgate.router.backend.BackendConnection;
import io.shardgate.router.backend.BackendKey;
import io.shardgate.router.backend.FrameSink;
import io.shardgate.router.errors.Errors;
import io.shardgate.router.errors.SqlError;
import io.shardgate.topology.Colo;
import io.shardgate.topology.Shard;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one write (UPDATE, DELETE, MERGE, INSERT ... SELECT) as it is on several shards of a colo at once, each
 * shard on its own rows through its shard schema, and answers as one statement: the shards' row counts summed
 * in one command tag, their RETURNING rows concatenated under one RowDescription. The rows are held until every
 * shard has answered, so that a shard's error is reported alone (naming the shard) with no rows before it.
 * Each shard commits on its own (autocommit): a failing shard does not undo the others (README, ADR 0007).
 */
final class BroadcastRun {
  /** What each shard is sent: a simple Query today; the extended protocol can pass its Parse/Bind/Execute/Sync. */
  interface ShardStatement {
    void send(BackendConnection conn);
  }

  private final ClientSession session;
  private final List<ShardReply> replies = new ArrayList<>();
  private final ShardStatement statement;
  private final Consumer<SqlError> done;
  private int pending;
  private boolean finished;

  /** {@code done} gets null after the rows and command tag were written, else the error (nothing was written). */
  BroadcastRun(ClientSession session, Colo colo, List<Integer> shards, ShardStatement statement,
      Consumer<SqlError> done) {
    this.session = session;
    this.statement = statement;
    this.done = done;
    for (int number : shards) {
      replies.add(new ShardReply(colo.shards().get(number)));
    }
  }

  /** A simple-protocol statement: the same text on every shard. */
  static ShardStatement simple(String sql) {
    return conn -> conn.send(new Query(sql));
  }

  void start() {
    pending = replies.size();
    for (ShardReply reply : replies) {
      BackendKey key = new BackendKey(reply.shard.node(), reply.shard.schemaName());
      session.acquire(key).whenComplete((c, error) -> session.ctx.executor().execute(() -> reply.connected(c, error)));
    }
  }

  /** Cancels every shard's statement that is still running. */
  void cancel() {
    for (ShardReply reply : replies) {
      BackendConnection c = reply.conn;
      if (c != null && c.keyData() != null && !reply.ended) {
        CancelSender.send(session.router().topology().get().node(c.key().node()), c.keyData());
      }
    }
  }

  /** The client went away: nothing more is written; connections go back to the pool when their shard ends. */
  void abandon() {
    finished = true;
    for (ShardReply reply : replies) {
      reply.releaseRows();
    }
  }

  private void shardEnded() {
    if (--pending > 0 || finished) {
      return;
    }
    finished = true;
    SqlError error = null;
    for (ShardReply reply : replies) {
      if (reply.error != null) {
        error = reply.error;
        break;
      }
    }
    if (error != null) {
      replies.forEach(ShardReply::releaseRows);
      done.accept(error);
      return;
    }
    String verb = null;
    long count = 0;
    boolean described = false;
    for (ShardReply reply : replies) {
      if (reply.description != null && !described) {
        session.ctx.write(reply.description);
        reply.description = null;
        described = true;
      }
      for (Frame row : reply.rows) {
        session.ctx.write(row);
      }
      reply.rows.clear();
      reply.releaseRows();
      if (reply.tag != null) {
        int space = reply.tag.lastIndexOf(' ');
        verb = space < 0 ? reply.tag : reply.tag.substring(0, space);
        count += space < 0 ? 0 : Long.parseLong(reply.tag.substring(space + 1));
      }
    }
    session.ctx.write(new CommandComplete(verb == null ? "" : verb + " " + count));
    done.accept(null);
  }

  /** One shard's connection and what it answered. */
  private final class ShardReply implements FrameSink {
    final Shard shard;
    final List<Frame> rows = new ArrayList<>();
    Frame description;
    String tag;
    SqlError error;
    BackendConnection conn;
    boolean ended;
    /** ReadyForQuery messages of the settings prelude still to come. */
    int silentReplies;

    ShardReply(Shard shard) {
      this.shard = shard;
    }

    void connected(BackendConnection c, Throwable failure) {
      if (failure != null) {
        error = Errors.acquireFailed(shard.node(), failure);
        ended = true;
        shardEnded();
        return;
      }
      conn = c;
      c.attach(this);
      String wanted = session.settings.script();
      String prelude = c.transactionStatus() == 'I' ? SessionSettings.prelude(c.appliedSettings(), wanted) : null;
      if (prelude != null) {
        silentReplies++;
        c.send(new Query(prelude));
        c.appliedSettings(wanted);
      }
      statement.send(c);
    }

    @Override
    public void onFrame(Frame frame) {
      if (!session.ctx.executor().inEventLoop()) {
        session.ctx.executor().execute(() -> onFrame(frame));
        return;
      }
      boolean keep = false;
      try {
        switch (frame.typeChar()) {
          case 'T' -> {
            if (silentReplies == 0 && description == null && !finished) {
              description = frame;
              keep = true;
            }
          }
          case 'D' -> {
            if (silentReplies == 0 && !finished) {
              rows.add(frame);
              keep = true;
            }
          }
          case 'C' -> {
            if (silentReplies == 0) {
              tag = CommandComplete.decode(frame.body()).tag();
            }
          }
          case 'E' -> {
            if (error == null) {
              ErrorResponse e = ErrorResponse.decode(frame.body());
              error = new SqlError(e.sqlState(), e.message() + " (on shard " + shard.schemaName() + ")",
                  e.fields().get('D'), e.fields().get('H'));
            }
          }
          case 'N' -> {
            if (!finished) {
              session.ctx.write(frame);
              keep = true;
            }
          }
          case 'Z' -> {
            if (silentReplies > 0) {
              silentReplies--;
            } else {
              ended = true;
              release();
              shardEnded();
            }
          }
          default -> { }
        }
      } finally {
        if (!keep) {
          frame.release();
        }
      }
    }

    @Override
    public void onBackendFailure(Throwable cause) {
      session.ctx.executor().execute(() -> {
        if (ended) {
          return;
        }
        ended = true;
        if (error == null) {
          error = Errors.nodeUnavailable(shard.node(), String.valueOf(cause.getMessage()));
        }
        if (conn != null) {
          session.router().pool().close(conn);
          conn = null;
        }
        shardEnded();
      });
    }

    private void release() {
      BackendConnection c = conn;
      if (c != null) {
        conn = null;
        c.attach(null);
        session.release(c);
      }
    }

    void releaseRows() {
      rows.forEach(Frame::release);
      rows.clear();
      if (description != null) {
        description.release();
        description = null;
      }
    }
  }
}
