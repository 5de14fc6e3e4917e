package io.shardgate.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** `./shardgate demo` as a newcomer runs it: a real process, its printed psql line, INSERT and SELECT by key, SIGTERM. */
class DemoIT {
  private static final Pattern PSQL_LINE = Pattern.compile("psql \"host=(\\S+) port=(\\d+) user=(\\S+) dbname=(\\w+)\"");

  @Test
  void demoPrintsAPsqlLineAndRoutesInsertAndSelectByKey() throws Exception {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    assertTrue(Files.isExecutable(repo.resolve("shardgate")), "launcher at the repo root");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process demo = new ProcessBuilder(repo.resolve("shardgate").toString(), "demo", "--port", Integer.toString(port),
        "--nodes", "2", "--shards", "4")
        .directory(repo.toFile()).redirectErrorStream(true).start();
    List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          output.add(line);
        }
      } catch (java.io.IOException ignored) {
        // the process ended
      }
    });
    reader.start();
    try {
      Matcher psql = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
      while (psql == null && System.nanoTime() < deadline && demo.isAlive()) {
        synchronized (output) {
          for (String line : output) {
            Matcher m = PSQL_LINE.matcher(line);
            if (m.find() && Integer.parseInt(m.group(2)) == port) {
              psql = m;
            }
          }
        }
        Thread.sleep(100);
      }
      assertNotNull(psql, "demo printed a psql line for the router; output:\n" + String.join("\n", output));
      String url = "jdbc:postgresql://" + psql.group(1) + ":" + psql.group(2) + "/" + psql.group(4)
          + "?user=" + psql.group(3) + "&preferQueryMode=simple";
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        assertEquals(1, s.executeUpdate("INSERT INTO users (id, org_id, name) VALUES (424242, 1, 'newcomer')"));
        ResultSet rs = s.executeQuery("SELECT name FROM users WHERE id = 424242");
        assertTrue(rs.next());
        assertEquals("newcomer", rs.getString(1));
        rs = s.executeQuery("SELECT count(*) FROM orders WHERE user_id = 3");
        assertTrue(rs.next());
        assertEquals(3, rs.getInt(1), "sample orders of user 3");
        rs = s.executeQuery("SELECT count(*) FROM plans");
        assertTrue(rs.next());
        assertEquals(3, rs.getInt(1));
      }
      demo.toHandle().destroy(); // SIGTERM, without closing our end of its output (Process.destroy would)
      assertTrue(demo.waitFor(60, TimeUnit.SECONDS), "demo stops on SIGTERM");
      reader.join(10_000);
      assertTrue(output.stream().anyMatch(l -> l.contains("Stopping")), String.join("\n", output));
    } finally {
      demo.destroyForcibly();
    }
  }
}
