package io.shardgate.router.frontend;

import io.shardgate.pgwire.Frame;

/** Where the client's CopyData, CopyDone and CopyFail messages go while a COPY FROM STDIN runs. */
interface CopyTarget {
  /** One of the client's copy messages; the target releases it. */
  void copyFrame(Frame frame);
}
