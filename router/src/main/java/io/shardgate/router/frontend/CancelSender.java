package io.shardgate.router.frontend;

import io.shardgate.pgwire.message.BackendKeyData;
import io.shardgate.topology.Node;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Sends PostgreSQL CancelRequests to nodes, off the event loop (it opens a short-lived connection). */
final class CancelSender {
  private static final ExecutorService SENDER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "shardgate-cancel");
    t.setDaemon(true);
    return t;
  });

  private CancelSender() {}

  static void send(Node node, BackendKeyData key) {
    SENDER.execute(() -> {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(node.host(), node.port()), 2000);
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeInt(16);
        out.writeInt(80877102);
        out.writeInt(key.processId());
        out.writeInt(key.secretKey());
        out.flush();
        s.getInputStream().read(); // the server closes the connection when done
      } catch (IOException ignored) {
        // a cancel is best effort, as in PostgreSQL
      }
    });
  }
}
