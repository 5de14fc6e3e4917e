package io.shardgate.router.frontend;

import io.netty.buffer.ByteBufUtil;
import io.shardgate.pgwire.Frame;
import io.shardgate.pgwire.message.CommandComplete;
import io.shardgate.pgwire.message.CopyData;
import io.shardgate.pgwire.message.CopyDone;
import io.shardgate.pgwire.message.CopyFail;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.Query;
import io.shardgate.router.backend.BackendConnection;
import io.shardgate.router.backend.BackendKey;
import io.shardgate.router.backend.FrameSink;
import io.shardgate.router.copy.CopySplitter;
import io.shardgate.router.copy.CopyStatement;
import io.shardgate.router.errors.Errors;
import io.shardgate.router.errors.SqlError;
import io.shardgate.topology.Colo;
import io.shardgate.topology.Shard;
import io.shardgate.topology.Topology;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * COPY ... FROM STDIN into a sharded table: one backend per shard, each in its own transaction running
 * the client's COPY verbatim; every row goes to the shard its key hashes to. A row without a key, or
 * an error on any shard, rolls every shard back, so nothing is half-loaded; after all shards finish
 * their COPY, each commits (without two-phase commit a failure between those commits can leave some
 * shards loaded: see docs/adr/0004).
 */
final class ShardedCopyIn implements CopyTarget {
  private final ClientSession session;
  private final QueryRun run;
  private final String sql;
  private final CopyStatement copy;
  private final Colo colo;
  private final Topology topology;
  private final CopySplitter splitter;
  private final List<ShardLink> links = new ArrayList<>();
  private int keyIndex = -1;
  private boolean headerSent;
  private long rowNumber;
  private SqlError failure;
  /** Whether the client already has the failure (a node's own ErrorResponse was forwarded). */
  private boolean failureSent;
  private boolean copying;
  private boolean finished;
  private long total;

  ShardedCopyIn(ClientSession session, QueryRun run, String sql, CopyStatement copy, Colo colo, Topology topology) {
    this.session = session;
    this.run = run;
    this.sql = sql;
    this.copy = copy;
    this.colo = colo;
    this.topology = topology;
    this.splitter = CopySplitter.of(copy.format(), colo.keyType());
  }

  /** Acquires a backend per shard, looks up the column order if needed, and opens the COPY on each. */
  void start() {
    String key = colo.tableToKeyColumn().get(copy.table());
    if (!copy.columns().isEmpty()) {
      keyIndex = copy.columns().indexOf(key);
      if (keyIndex < 0) {
        throw new SqlError(Errors.FEATURE_NOT_SUPPORTED, "COPY into sharded table \"" + copy.table()
            + "\" must include its shard key column \"" + key + "\"", null, "Add " + key + " to the column list.");
      }
    }
    List<CompletableFuture<BackendConnection>> acquiring = new ArrayList<>();
    for (Shard shard : colo.shards()) {
      ShardLink link = new ShardLink(shard);
      links.add(link);
      acquiring.add(session.acquire(new BackendKey(shard.node(), shard.schemaName())).thenApply(c -> link.conn = c));
    }
    CompletableFuture.allOf(acquiring.toArray(CompletableFuture[]::new)).whenComplete((v, error) ->
        session.ctx.executor().execute(() -> {
          if (error != null) {
            fail(Errors.acquireFailed(colo.name(), error));
            return;
          }
          for (ShardLink link : links) {
            link.conn.attach(link);
          }
          if (keyIndex < 0) {
            links.get(0).lookupColumns();
          } else {
            openCopies();
          }
        }));
  }

  private void openCopies() {
    for (ShardLink link : links) {
      link.state = State.OPENING;
      link.conn.send(new Query("BEGIN"));
      link.conn.send(new Query(copy.intoBaseTable()));
    }
  }

  @Override
  public void copyFrame(Frame frame) {
    try {
      if (!copying || failure != null) {
        return; // after an error PostgreSQL drops the rest of the copy data too
      }
      switch (frame.typeChar()) {
        case 'd' -> route(splitter.feed(ByteBufUtil.getBytes(frame.body())));
        case 'c' -> {
          byte[] last = splitter.finish();
          route(last == null ? List.of() : List.of(last));
          if (failure == null) {
            copying = false;
            byte[] trailer = splitter.trailer();
            for (ShardLink link : links) {
              if (trailer != null) {
                link.conn.send(new CopyData(trailer));
              }
              link.conn.send(CopyDone.INSTANCE);
              link.state = State.COPY_DONE;
            }
          }
        }
        case 'f' -> fail(new SqlError("57014", "COPY from stdin failed: "
            + CopyFail.decode(frame.body()).message(), null, null));
        default -> { }
      }
    } catch (SqlError e) {
      fail(e); // malformed data (22P04): nothing is loaded
    } finally {
      frame.release();
    }
  }

  private void route(List<byte[]> rows) {
    List<ByteArrayOutputStream> batches = new ArrayList<>();
    for (int i = 0; i < links.size(); i++) {
      batches.add(null);
    }
    for (byte[] row : rows) {
      rowNumber++;
      if (splitter.hasFileHeader() && !headerSent) {
        headerSent = true;
        if (copy.format().binary()) {
          rowNumber--; // PostgreSQL counts binary tuples from 1 after the file header
        }
        for (int i = 0; i < links.size(); i++) {
          batch(batches, i).writeBytes(row); // every shard's COPY skips its first line
        }
        continue;
      }
      String key;
      try {
        key = splitter.field(row, keyIndex);
      } catch (IndexOutOfBoundsException e) {
        key = null;
      }
      if (key == null) {
        fail(new SqlError("22P04", "COPY row " + rowNumber + " has no value for shard key column \""
            + colo.tableToKeyColumn().get(copy.table()) + "\" of sharded table \"" + copy.table() + "\"",
            "Every row of a sharded table needs its shard key; nothing was loaded.", null));
        return;
      }
      Shard shard;
      try {
        shard = topology.shardForValue(colo, key);
      } catch (RuntimeException e) {
        fail(new SqlError(Errors.INVALID_TEXT, e.getMessage() + " (COPY row " + rowNumber + ")", null, null));
        return;
      }
      batch(batches, shard.number()).writeBytes(row);
    }
    for (int i = 0; i < links.size(); i++) {
      if (batches.get(i) != null) {
        links.get(i).conn.send(new CopyData(batches.get(i).toByteArray()));
      }
    }
  }

  private static ByteArrayOutputStream batch(List<ByteArrayOutputStream> batches, int i) {
    if (batches.get(i) == null) {
      batches.set(i, new ByteArrayOutputStream());
    }
    return batches.get(i);
  }

  /** Reports the first error, aborts every shard's COPY and rolls all back. */
  private void fail(SqlError error) {
    if (failure != null || finished) {
      return;
    }
    failure = error;
    copying = false;
    for (ShardLink link : links) {
      link.abort("aborted by Shardgate: " + error.getMessage());
    }
    maybeFinish();
  }

  private void maybeFinish() {
    if (finished) {
      return;
    }
    for (ShardLink link : links) {
      if (link.conn != null && link.conn.awaitingReplies() > 0) {
        return;
      }
    }
    if (failure == null && links.stream().anyMatch(l -> l.state != State.COMMITTED)) {
      return;
    }
    finished = true;
    for (ShardLink link : links) {
      if (link.conn != null) {
        link.conn.attach(null);
        session.release(link.conn);
      }
    }
    if (failure != null) {
      run.copyFinished(failureSent ? null : failure, null);
    } else {
      run.copyFinished(null, new CommandComplete("COPY " + total));
    }
  }

  /** Abandons the COPY: the client went away. */
  void abandon() {
    fail(new SqlError("08006", "client disconnected during COPY", null, null));
  }

  private enum State { LOOKUP, OPENING, COPYING, COPY_DONE, COPY_FINISHED, COMMITTING, COMMITTED, ROLLING_BACK }

  /** The conversation with one shard's backend. */
  private final class ShardLink implements FrameSink {
    final Shard shard;
    BackendConnection conn;
    State state;
    final List<String> columns = new ArrayList<>();

    ShardLink(Shard shard) {
      this.shard = shard;
    }

    /** Ends this shard's COPY (if open) and its transaction. */
    void abort(String reason) {
      if (conn == null || state == State.ROLLING_BACK || state == null) {
        return;
      }
      if (state == State.OPENING || state == State.COPYING) {
        conn.send(new CopyFail(reason)); // the COPY is (or is about to be) waiting for data
      }
      conn.send(new Query("ROLLBACK"));
      state = State.ROLLING_BACK;
    }

    void lookupColumns() {
      state = State.LOOKUP;
      conn.send(new Query("SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = '"
          + copy.table().replace("'", "''").replace("\"", "\"\"") + "'::regclass AND attnum > 0 AND NOT attisdropped"
          + " ORDER BY attnum"));
    }

    @Override
    public void onFrame(Frame frame) {
      if (!session.ctx.executor().inEventLoop()) {
        session.ctx.executor().execute(() -> onFrame(frame));
        return;
      }
      try {
        handle(frame);
      } finally {
        frame.release();
      }
    }

    private void handle(Frame frame) {
      char type = frame.typeChar();
      if (type == 'E') {
        var error = io.shardgate.pgwire.message.ErrorResponse.decode(frame.body().duplicate());
        SqlError e = new SqlError(error.sqlState(), error.message() + " (shard " + shard.schemaName() + ")", null, null);
        if (state != State.ROLLING_BACK) {
          state = State.ROLLING_BACK;
          failWithBackendError(frame, e);
        }
        return;
      }
      if (type == 'N' || type == 'S') {
        return; // notices of BEGIN/ROLLBACK, parameter reports: not the client's business
      }
      switch (state) {
        case LOOKUP -> {
          if (type == 'D') {
            columns.add(new String(DataRow.decode(frame.body()).values().get(0), StandardCharsets.UTF_8));
          } else if (type == 'Z') {
            keyIndex = columns.indexOf(colo.tableToKeyColumn().get(copy.table()));
            splitter.expectFields(columns.size());
            if (keyIndex < 0) {
              fail(new SqlError(Errors.FEATURE_NOT_SUPPORTED, "shard key column of \"" + copy.table() + "\" not found",
                  null, null));
            } else {
              openCopies();
            }
          }
        }
        case OPENING -> {
          if (type == 'G') {
            state = State.COPYING;
            if (links.stream().allMatch(l -> l.state == State.COPYING)) {
              copying = true;
              session.ctx.writeAndFlush(frame.retain()); // one CopyInResponse for the client
            }
          }
        }
        case COPY_DONE -> {
          if (type == 'C') {
            String tag = CommandComplete.decode(frame.body()).tag();
            total += Long.parseLong(tag.substring(tag.lastIndexOf(' ') + 1));
          } else if (type == 'Z') {
            state = State.COPY_FINISHED;
            if (links.stream().allMatch(l -> l.state == State.COPY_FINISHED)) {
              // every shard has its rows; only now does any of them commit
              for (ShardLink link : links) {
                link.state = State.COMMITTING;
                link.conn.send(new Query("COMMIT"));
              }
            }
          }
        }
        case COMMITTING -> {
          if (type == 'Z') {
            state = State.COMMITTED;
            maybeFinish();
          }
        }
        case ROLLING_BACK -> {
          if (type == 'Z') {
            maybeFinish();
          }
        }
        default -> { }
      }
    }

    private void failWithBackendError(Frame frame, SqlError e) {
      conn.send(new Query("ROLLBACK"));
      if (failure == null) {
        session.ctx.write(frame.retain()); // the node's own error, every field intact
        failure = e;
        failureSent = true;
        copying = false;
        for (ShardLink link : links) {
          if (link != this) {
            link.abort("aborted by Shardgate: shard " + shard.schemaName() + " failed");
          }
        }
      }
      maybeFinish();
    }

    @Override
    public void onBackendFailure(Throwable cause) {
      session.ctx.executor().execute(() -> {
        conn.markBroken();
        state = State.ROLLING_BACK;
        fail(Errors.nodeUnavailable(shard.node(), String.valueOf(cause.getMessage())));
        maybeFinish();
      });
    }
  }
}
