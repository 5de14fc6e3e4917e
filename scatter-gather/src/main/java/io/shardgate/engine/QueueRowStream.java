package io.shardgate.engine;

import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A shard's row stream fed asynchronously by the connection reading that shard (e.g. a Netty handler),
 * consumed by the merge on another thread, with bounded buffering and backpressure.
 *
 * <p>Producer side: {@link #describe}, then {@link #offer} each row, then {@link #complete} or {@link #fail}.
 * When {@code offer} returns false the queue is full: the producer stops reading its socket (Netty:
 * autoRead off) until the {@code onWritable} callback runs, once the consumer has drained to half capacity.
 * A thread that may block can use {@link #put} instead. When the consumer closes the stream early, the
 * {@code onClose} callback runs (cancel the shard's query) and later rows are dropped.
 */
public final class QueueRowStream implements RowStream {
  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<DataRow> rows = new ArrayDeque<>();
  private final Runnable onWritable;
  private final Runnable onClose;
  private RowDescription description;
  private RuntimeException failure;
  private boolean complete;
  private boolean closed;
  private boolean producerPaused;

  public QueueRowStream(int capacity, Runnable onWritable, Runnable onClose) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    this.onWritable = onWritable;
    this.onClose = onClose;
  }

  public QueueRowStream(int capacity) {
    this(capacity, () -> { }, () -> { });
  }

  /** Producer: the shard's RowDescription arrived. */
  public void describe(RowDescription d) {
    signal(() -> description = d);
  }

  /** Producer: queues a row unless the queue is full (then pause until {@code onWritable}). */
  public boolean offer(DataRow row) {
    lock.lock();
    try {
      if (closed) {
        return true;
      }
      if (rows.size() >= capacity) {
        producerPaused = true;
        return false;
      }
      rows.addLast(row);
      changed.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Producer: queues a row, blocking while the queue is full. */
  public void put(DataRow row) throws InterruptedException {
    lock.lock();
    try {
      while (!closed && rows.size() >= capacity) {
        changed.await();
      }
      if (!closed) {
        rows.addLast(row);
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Producer: the shard finished its result. */
  public void complete() {
    signal(() -> complete = true);
  }

  /** Producer: the shard failed; the consumer gets this error at its next call. */
  public void fail(RuntimeException error) {
    signal(() -> failure = error);
  }

  @Override
  public RowDescription description() {
    lock.lock();
    try {
      while (description == null && failure == null) {
        await();
      }
      if (failure != null) {
        throw failure;
      }
      return description;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public DataRow next() {
    boolean resume = false;
    DataRow row;
    lock.lock();
    try {
      while (failure == null && rows.isEmpty() && !complete && !closed) {
        await();
      }
      if (failure != null) {
        throw failure;
      }
      row = rows.pollFirst();
      if (row != null) {
        changed.signalAll();
        if (producerPaused && rows.size() <= capacity / 2) {
          producerPaused = false;
          resume = true;
        }
      }
    } finally {
      lock.unlock();
    }
    if (resume) {
      onWritable.run(); // outside the lock: the callback may call back into offer()
    }
    return row;
  }

  @Override
  public void close() {
    boolean cancel;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      cancel = !complete && failure == null;
      rows.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (cancel) {
      onClose.run(); // the shard is still sending: tell its producer to cancel
    }
  }

  private void await() {
    try {
      changed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw EngineException.canceled();
    }
  }

  private void signal(Runnable change) {
    lock.lock();
    try {
      change.run();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
