package io.shardgate.router.frontend;

import io.shardgate.pgwire.Frame;
import io.shardgate.pgwire.message.CommandComplete;
import io.shardgate.pgwire.message.ErrorResponse;
import io.shardgate.pgwire.message.Query;
import io.shardgate.router.backend.BackendConnection;
import io.shardgate.router.backend.BackendKey;
import io.shardgate.router.backend.FrameSink;
import io.shardgate.router.errors.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One statement on every node, inside the client's transaction: a write to reference tables, whose copies must
 * stay the same everywhere. Nodes the transaction has not reached yet join it first (with its opening script);
 * the statement then runs on all at once, against the base table (default search_path). The result is the first
 * (home) node's reply, once every node has answered, or the first error; a failed node leaves the transaction
 * failed as a whole.
 */
final class EveryNodeRun {
  private static final Logger LOG = LoggerFactory.getLogger(EveryNodeRun.class);

  /** The home node's reply frames (RowDescription/NoData, DataRows, CommandComplete; the receiver releases them), or the error. */
  record Result(List<Frame> reply, ErrorResponse error) {}

  private final ClientSession session;
  private final String statement;
  private final List<Object> messages;
  private final Consumer<Result> done;
  private final List<Frame> primaryReply = new ArrayList<>();
  private List<TransactionState.Participant> targets;
  private String[] tags;
  private ErrorResponse error;
  private int pending;
  private boolean finished;

  /**
   * @param messages what each node is sent (a simple Query, or Parse/Bind/Describe/Execute/Sync): one
   *     ReadyForQuery ends each node's reply
   */
  EveryNodeRun(ClientSession session, String statement, List<Object> messages, Consumer<Result> done) {
    this.session = session;
    this.statement = statement;
    this.messages = messages;
    this.done = done;
  }

  static EveryNodeRun query(ClientSession session, String statement, Consumer<Result> done) {
    return new EveryNodeRun(session, statement, List.of(new Query(statement)), done);
  }

  /** Joins every node to the transaction, then runs the statement everywhere; {@code done} runs on the client's loop. */
  void start() {
    var topology = session.router().topology().get();
    List<String> nodes = new ArrayList<>(List.of(topology.home()));
    topology.nodes().forEach(n -> {
      if (!n.name().equals(topology.home())) {
        nodes.add(n.name());
      }
    });
    List<CompletableFuture<TransactionState.Participant>> joins = new ArrayList<>();
    for (String node : nodes) {
      joins.add(ParticipantJoin.join(session, new BackendKey(node, null), () -> finished));
    }
    CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).whenComplete((v, e) ->
        session.ctx.executor().execute(() -> {
          if (finished) {
            return;
          }
          if (e != null) {
            finished = true;
            done.accept(new Result(List.of(), ParticipantJoin.error(e).toResponse(false)));
            return;
          }
          run(joins.stream().map(CompletableFuture::join).toList());
        }));
  }

  private void run(List<TransactionState.Participant> participants) {
    targets = participants;
    tags = new String[targets.size()];
    pending = targets.size();
    for (int i = 0; i < targets.size(); i++) {
      TransactionState.Participant p = targets.get(i);
      // The base table, not a shard schema's view of it: ON CONFLICT ON CONSTRAINT and friends need the table.
      String prelude = p.switchTo(null);
      Sink sink = new Sink(i, prelude == null ? 1 : 2);
      p.conn.attach(sink);
      if (prelude != null) {
        p.conn.send(new Query(prelude));
      }
      messages.forEach(p.conn::send);
    }
  }

  /** Replies of one node, handled on the client's event loop. */
  private final class Sink implements FrameSink {
    private final int index;
    private int readyLeft;

    Sink(int index, int replies) {
      this.index = index;
      this.readyLeft = replies;
    }

    @Override
    public void onFrame(Frame frame) {
      session.ctx.executor().execute(() -> frame(frame));
    }

    private void frame(Frame frame) {
      byte type = frame.type();
      if (finished) {
        frame.release();
        return;
      }
      if (type == 'E') {
        if (error == null) {
          error = ErrorResponse.decode(frame.body().duplicate());
        }
        frame.release();
        return;
      }
      if (type == 'Z') {
        frame.release();
        if (--readyLeft == 0) {
          nodeDone(targets.get(index).conn);
        }
        return;
      }
      if (readyLeft > 1) {
        frame.release(); // the search_path prelude's own replies
        return;
      }
      if (type == 'C') {
        tags[index] = CommandComplete.decode(frame.body().duplicate()).tag();
      }
      if (index == 0 && (type == 'T' || type == 'n' || type == 'D' || type == 'C' || type == 'I')) {
        primaryReply.add(frame);
      } else {
        frame.release(); // ParseComplete, BindComplete, notices, the other nodes' rows
      }
    }

    @Override
    public void onBackendFailure(Throwable cause) {
      session.ctx.executor().execute(() -> {
        if (finished || readyLeft == 0) {
          return;
        }
        if (error == null) {
          error = Errors.nodeUnavailable(targets.get(index).conn.key().node(), ClientSession.rootMessage(cause))
              .toResponse(false);
        }
        readyLeft = 0;
        nodeDone(null);
      });
    }
  }

  private void nodeDone(BackendConnection conn) {
    if (conn != null) {
      conn.attach(null);
    }
    if (--pending > 0) {
      return;
    }
    finished = true;
    if (error == null) {
      for (int i = 1; i < tags.length; i++) {
        if (!Objects.equals(tags[0], tags[i])) {
          LOG.warn("reference-table copies differ: node {} answered {} but node {} answered {} to: {}",
              targets.get(0).conn.key().node(), tags[0], targets.get(i).conn.key().node(), tags[i], statement);
        }
      }
      done.accept(new Result(List.copyOf(primaryReply), null));
    } else {
      primaryReply.forEach(Frame::release);
      done.accept(new Result(List.of(), error));
    }
    primaryReply.clear();
  }

  /** The client went away: drop what was collected (the transaction's backends are rolled back by the pool). */
  void abandon() {
    finished = true;
    primaryReply.forEach(Frame::release);
    primaryReply.clear();
  }
}
