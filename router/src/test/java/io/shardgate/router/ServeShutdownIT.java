package io.shardgate.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.PostgresNodes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** `shardgate serve` on SIGTERM: the same drain as RouterServer.close(), through the JVM's shutdown hook. */
@PostgresNodes(2)
class ServeShutdownIT {

  @Test
  void sigtermLetsAnOpenTransactionCommitAndEndsIdleClients(LocalCluster cluster) throws Exception {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    assertTrue(Files.isExecutable(repo.resolve("shardgate")), "launcher at the repo root");
    long id = 9_300_001;
    try (ShardedFixture fx = new ShardedFixture(cluster, "limits:\n  shutdown_drain: 60s\n")) {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Process serve = new ProcessBuilder(repo.resolve("shardgate").toString(), "serve", "--config",
          fx.configFile.toString(), "--listen", "127.0.0.1:" + port)
          .directory(repo.toFile()).redirectErrorStream(true).start();
      List<String> output = Collections.synchronizedList(new ArrayList<>());
      Thread reader = new Thread(() -> {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = out.readLine()) != null) {
            output.add(line);
          }
        } catch (IOException ignored) {
          // the process ended
        }
      });
      reader.start();
      try {
        awaitLine(serve, output, "shardgate listening on");
        try (Connection tx = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + fx.database
            + "?user=postgres&preferQueryMode=simple&sslmode=disable");
             RawClient idle = new RawClient(port, fx.database)) {
          tx.setAutoCommit(false);
          try (Statement s = tx.createStatement()) {
            s.executeUpdate("INSERT INTO users (id, name) VALUES (" + id + ", 'committed after SIGTERM')");
          }
          serve.toHandle().destroy(); // SIGTERM
          assertEquals("57P01", idle.errorThenClose().sqlState(), String.join("\n", output));
          assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close(), "no new connections");
          tx.commit();
        }
        assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve stops after the drain");
      } finally {
        serve.destroyForcibly();
        reader.join(10_000);
      }
      long rows = 0;
      for (int n = 0; n < 2; n++) {
        try (Connection d = fx.direct(n); Statement s = d.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM public.users WHERE id = " + id)) {
          rs.next();
          rows += rs.getLong(1);
        }
      }
      assertEquals(1, rows, "the transaction open at SIGTERM committed");
    }
  }

  private static void awaitLine(Process p, List<String> output, String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (System.nanoTime() < deadline && p.isAlive()) {
      synchronized (output) {
        if (output.stream().anyMatch(l -> l.contains(text))) {
          return;
        }
      }
      Thread.sleep(50);
    }
    fail("no line \"" + text + "\"; output:\n" + String.join("\n", output));
  }
}
