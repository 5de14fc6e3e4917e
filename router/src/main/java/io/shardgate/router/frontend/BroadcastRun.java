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
import java.util.SortedMap;
import java.util.function.Function;
import java.util.function.Consumer;

/**
 * Runs one write (UPDATE, DELETE, MERGE, INSERT ... SELECT; a split multi-row INSERT, each shard its rows) on several shards of a colo at once, each
 * shard on its own rows through its shard schema, and answers as one statement: the shards' row counts summed
 * in one command tag, their RETURNING rows concatenated under one RowDescription. The rows are held until every
 * shard has answered, so that a shard's error is reported alone (naming the shard) with no rows before it.
 * Outside a transaction each shard commits on its own (autocommit); {@link #inTransaction} runs it inside the
 * client's transaction instead, the shards of one node one after another on that node's participant, so that the
 * transaction's commit (two-phase across nodes) makes the write all or nothing.
 */
final class BroadcastRun {
  private final ClientSession session;
  private final List<ShardReply> replies = new ArrayList<>();
  private final Consumer<SqlError> done;
  /** Each shard's text of the statement (the same for every shard but a split INSERT's), run on its node's participant. */
  private final Function<Shard, String> sqlOf;
  /** Extended protocol: each shard's unnamed Parse and Bind (null: a simple-protocol statement). */
  private Function<Shard, ShardParameters> extended;
  /** Where the answer goes: the client's socket, or (extended protocol) a list kept in the portal. */
  private Consumer<Object> out;
  private int pending;
  private boolean finished;

  private BroadcastRun(ClientSession session, Function<Shard, String> sqlOf, Consumer<SqlError> done) {
    this.session = session;
    this.sqlOf = sqlOf;
    this.done = done;
    this.out = session.ctx::write;
  }

  /**
   * The same through the extended protocol: each shard runs the client's Parse and Bind (unnamed) with Describe,
   * Execute and Sync; the answer (RowDescription and DataRow frames, CommandComplete) goes to {@code out}.
   */
  static BroadcastRun inTransaction(ClientSession session, Colo colo, List<Integer> shards,
                                    io.shardgate.pgwire.message.Parse parse, io.shardgate.pgwire.message.Bind bind,
                                    Consumer<Object> out, Consumer<SqlError> done) {
    ShardParameters each = new ShardParameters(
        new io.shardgate.pgwire.message.Parse("", parse.query(), parse.parameterTypes()),
        new io.shardgate.pgwire.message.Bind("", "", bind.parameterFormats(), bind.parameters(), bind.resultFormats()));
    BroadcastRun run = inTransaction(session, colo, shards, shard -> parse.query(), done);
    run.extended = shard -> each;
    run.out = out;
    return run;
  }

  /**
   * A split INSERT through the extended protocol: each shard its own text with its own parameters
   * ({@link ShardParameters}), out of the client's parameter types and Bind.
   */
  static BroadcastRun inTransaction(ClientSession session, Colo colo, SortedMap<Integer, String> sqlByShard,
                                    List<Integer> parameterTypes, io.shardgate.pgwire.message.Bind bind,
                                    Consumer<Object> out, Consumer<SqlError> done) {
    BroadcastRun run = inTransaction(session, colo, sqlByShard, done);
    run.extended = shard -> ShardParameters.of(sqlByShard.get(shard.number()), parameterTypes, bind);
    run.out = out;
    return run;
  }

  /**
   * The write inside the client's transaction: one unit per node, on the node's participant (joined first when
   * new), the node's shards one after another, each after {@code SET LOCAL search_path} to its schema.
   */
  static BroadcastRun inTransaction(ClientSession session, Colo colo, List<Integer> shards, String sql,
                                    Consumer<SqlError> done) {
    return inTransaction(session, colo, shards, shard -> sql, done);
  }

  /** A split INSERT inside the client's transaction: each shard runs its own text, {@code sqlByShard}'s entry. */
  static BroadcastRun inTransaction(ClientSession session, Colo colo, SortedMap<Integer, String> sqlByShard,
                                    Consumer<SqlError> done) {
    return inTransaction(session, colo, List.copyOf(sqlByShard.keySet()), shard -> sqlByShard.get(shard.number()),
        done);
  }

  private static BroadcastRun inTransaction(ClientSession session, Colo colo, List<Integer> shards,
                                            Function<Shard, String> sqlOf, Consumer<SqlError> done) {
    BroadcastRun run = new BroadcastRun(session, sqlOf, done);
    java.util.Map<String, List<Shard>> byNode = new java.util.LinkedHashMap<>();
    for (int number : shards) {
      Shard shard = colo.shards().get(number);
      byNode.computeIfAbsent(shard.node(), n -> new ArrayList<>()).add(shard);
    }
    byNode.values().forEach(list -> run.replies.add(run.new ShardReply(list)));
    return run;
  }

  void start() {
    pending = replies.size();
    for (ShardReply reply : replies) {
      Shard first = reply.shards.get(0);
      BackendKey key = new BackendKey(first.node(), first.schemaName());
      ParticipantJoin.join(session, key, () -> finished).whenComplete((p, error) ->
          session.ctx.executor().execute(() -> reply.joined(p, error)));
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
      if (reply.verb != null) {
        verb = reply.verb;
        count += reply.count;
      }
    }
    for (ShardReply reply : replies) {
      if (reply.description != null && !described) {
        out.accept(reply.description);
        reply.description = null;
        described = true;
      }
      for (Frame row : reply.rows) {
        out.accept(row);
      }
      reply.rows.clear();
      reply.releaseRows();
    }
    out.accept(new CommandComplete(verb == null ? "" : verb + " " + count));
    done.accept(null);
  }

  /** One connection (a shard's own, or a node's participant running its shards in turn) and what it answered. */
  private final class ShardReply implements FrameSink {
    final List<Shard> shards;
    final List<Frame> rows = new ArrayList<>();
    Frame description;
    /** The command's verb (UPDATE, DELETE, INSERT 0, MERGE) and its row count summed over the shards. */
    String verb;
    long count;
    /** How many of the shards' statements have completed (the next error is the next shard's). */
    int completed;
    SqlError error;
    BackendConnection conn;
    /** ReadyForQuery messages still to come before this node's part is done. */
    int readyLeft;
    boolean ended;

    ShardReply(List<Shard> shards) {
      this.shards = shards;
    }

    /** Inside the transaction: the node's participant runs each shard's statement after its search_path. */
    void joined(TransactionState.Participant p, Throwable failure) {
      if (failure != null) {
        error = ParticipantJoin.error(failure);
        ended = true;
        shardEnded();
        return;
      }
      conn = p.conn;
      conn.attach(this);
      p.assume(shards.get(shards.size() - 1).schemaName());
      if (extended != null) {
        readyLeft = 2 * shards.size();
        for (Shard shard : shards) {
          ShardParameters call = extended.apply(shard);
          conn.send(new Query(TransactionState.Participant.searchPath(shard.schemaName())));
          conn.send(call.parse());
          conn.send(call.bind());
          conn.send(io.shardgate.pgwire.message.Describe.portal(""));
          conn.send(new io.shardgate.pgwire.message.Execute("", 0));
          conn.send(io.shardgate.pgwire.message.Sync.INSTANCE);
        }
        return;
      }
      StringBuilder script = new StringBuilder();
      for (Shard shard : shards) {
        script.append(TransactionState.Participant.searchPath(shard.schemaName())).append(";\n")
            .append(sqlOf.apply(shard)).append("\n;\n"); // on a line of its own: the text may end in a -- comment
      }
      readyLeft = 1;
      conn.send(new Query(script.toString()));
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
            if (description == null && !finished) {
              description = frame;
              keep = true;
            }
          }
          case 'D' -> {
            if (!finished) {
              rows.add(frame);
              keep = true;
            }
          }
          case 'C' -> {
            String tag = CommandComplete.decode(frame.body()).tag();
            if (!"SET".equals(tag)) {
              completed++;
              int space = tag.lastIndexOf(' ');
              verb = space < 0 ? tag : tag.substring(0, space);
              count += space < 0 ? 0 : Long.parseLong(tag.substring(space + 1));
            }
          }
          case 'E' -> {
            if (error == null) {
              ErrorResponse e = ErrorResponse.decode(frame.body());
              Shard shard = shards.get(Math.min(completed, shards.size() - 1));
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
            if (--readyLeft == 0) {
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
          error = Errors.nodeUnavailable(shards.get(0).node(), String.valueOf(cause.getMessage()));
        }
        conn = null; // the transaction's participant: the transaction ends with it
        shardEnded();
      });
    }

    private void release() {
      BackendConnection c = conn;
      if (c != null) {
        conn = null;
        c.attach(null); // a participant stays with the transaction
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
