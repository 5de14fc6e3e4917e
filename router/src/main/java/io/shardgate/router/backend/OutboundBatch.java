package io.shardgate.router.backend;

import io.shardgate.pgwire.Frame;
import io.shardgate.pgwire.message.Bind;
import io.shardgate.pgwire.message.Close;
import io.shardgate.pgwire.message.Describe;
import io.shardgate.pgwire.message.Execute;
import io.shardgate.pgwire.message.Parse;
import io.shardgate.pgwire.message.Query;
import io.shardgate.pgwire.message.Sync;

/**
 * What sending one frontend message does to a backend connection's write batching. PostgreSQL
 * answers Parse, Bind, Describe, Execute and Close only when a Sync or Flush follows (it buffers its
 * replies until then), so writing them without a flush changes nothing the client can see and turns
 * a pipelined Bind/Execute/Sync into one socket write and one wake-up of the node instead of one per
 * message. Every other message (Sync, Flush, Query, COPY data, Terminate...) flushes.
 */
enum OutboundBatch {
  ;

  /** The effect of one outgoing message. */
  enum Effect {
    /** Written, not flushed: part of an extended-protocol batch that a later Sync or Flush sends. */
    DEFERRED,
    /** Written and flushed, and answered by exactly one ReadyForQuery (Query, Sync): ends the batch. */
    ENDS_BATCH,
    /** Written and flushed; the batch (if any) stays open (Flush, COPY data...). */
    FLUSHES
  }

  static Effect effect(Object message) {
    if (message instanceof Query || message instanceof Sync) {
      return Effect.ENDS_BATCH;
    }
    if (message instanceof Parse || message instanceof Bind || message instanceof Describe || message instanceof Execute
        || message instanceof Close) {
      return Effect.DEFERRED;
    }
    if (message instanceof Frame f) {
      return switch (f.type()) {
        case 'Q', 'S' -> Effect.ENDS_BATCH;
        case 'P', 'B', 'D', 'E', 'C' -> Effect.DEFERRED;
        default -> Effect.FLUSHES;
      };
    }
    return Effect.FLUSHES;
  }
}
