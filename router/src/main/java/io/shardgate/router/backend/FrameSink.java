package io.shardgate.router.backend;

import io.shardgate.pgwire.Frame;

/** Receives the frames a backend connection reads while a client holds it. */
public interface FrameSink {
  /** One frame from the backend; the sink owns (and releases) it. */
  void onFrame(Frame frame);

  /** The backend connection has no more bytes to read for now: a good moment to flush the client. */
  default void onReadComplete() {}

  /** The backend connection broke. */
  void onBackendFailure(Throwable cause);
}
