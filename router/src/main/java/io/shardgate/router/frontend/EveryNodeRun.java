package io.shardgate.router.frontend;

import io.shardgate.pgwire.Frame;
import io.shardgate.pgwire.message.CommandComplete;
import io.shardgate.pgwire.message.ErrorResponse;
import io.shardgate.pgwire.message.Query;
import io.shardgate.router.backend.BackendConnection;
import io.shardgate.router.backend.FrameSink;
import io.shardgate.router.errors.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One statement on every node's participant of the client's transaction: a write to reference tables, whose
 * copies must stay the same everywhere. Runs on all nodes at once; the first participant's reply (rows, command
 * tag) reaches the client once every node has answered, or, if any node failed, the first error instead.
 * The transaction is then aborted on the failed node, so the client's transaction is failed as a whole.
 */
final class EveryNodeRun {
  private static final Logger LOG = LoggerFactory.getLogger(EveryNodeRun.class);

  private final ClientSession session;
  private final List<TransactionState.Participant> targets;
  private final String statement;
  private final Consumer<ErrorResponse> done;
  private final List<Frame> primaryReply = new ArrayList<>();
  private final String[] tags;
  private ErrorResponse error;
  private int pending;
  private boolean finished;

  /** {@code targets}: one participant per node, the one whose reply the client sees first. */
  EveryNodeRun(ClientSession session, List<TransactionState.Participant> targets, String statement,
               Consumer<ErrorResponse> done) {
    this.session = session;
    this.targets = targets;
    this.statement = statement;
    this.done = done;
    this.tags = new String[targets.size()];
  }

  void start() {
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
      p.conn.send(new Query(statement));
    }
  }

  /** Replies of one node, handled on the client's event loop. */
  private final class Sink implements FrameSink {
    private final int index;
    private int readyLeft;

    Sink(int index, int queries) {
      this.index = index;
      this.readyLeft = queries;
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
          nodeDone(index, targets.get(index).conn);
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
      if (index == 0 && type != 'N' && type != 'S') {
        primaryReply.add(frame);
      } else {
        frame.release();
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
        nodeDone(index, null);
      });
    }
  }

  private void nodeDone(int index, BackendConnection conn) {
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
      primaryReply.forEach(session.ctx::write);
    } else {
      primaryReply.forEach(Frame::release);
    }
    primaryReply.clear();
    done.accept(error);
  }

  /** The client went away: drop what was collected (the transaction's backends are rolled back by the pool). */
  void abandon() {
    finished = true;
    primaryReply.forEach(Frame::release);
    primaryReply.clear();
  }
}
