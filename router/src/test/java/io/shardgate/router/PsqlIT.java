package io.shardgate.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.PostgresNodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** psql, the real client, through the router: queries by key, \d commands, errors and ON_ERROR_STOP. */
@PostgresNodes(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PsqlIT {
  private ShardedFixture fx;

  @BeforeAll
  void start(LocalCluster cluster) throws Exception {
    fx = new ShardedFixture(cluster);
  }

  @AfterAll
  void stop() {
    fx.close();
  }

  /** Runs psql with a script on standard input; returns {exit code, stdout+stderr}. */
  private Object[] psql(String script, String... extra) throws Exception {
    Path psql = findPsql();
    assumeTrue(psql != null, "psql is not installed");
    List<String> cmd = new ArrayList<>(List.of(psql.toString(), "-X", "-q", "-A", "-t", "-h", "127.0.0.1",
        "-p", Integer.toString(fx.port), "-U", "postgres", "-d", fx.database));
    cmd.addAll(List.of(extra));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Object[] {p.exitValue(), out};
  }

  private static Path findPsql() throws IOException {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, "psql");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  @Test
  void insertAndSelectByKey() throws Exception {
    Object[] r = psql("INSERT INTO users (id, name) VALUES (31337, 'psql user');\n"
        + "SELECT name FROM users WHERE id = 31337;\n", "-v", "ON_ERROR_STOP=1");
    assertEquals(0, r[0], (String) r[1]);
    assertTrue(((String) r[1]).contains("psql user"), (String) r[1]);
  }

  @Test
  void describeCommandsWork() throws Exception {
    Object[] r = psql("\\dt\n\\d users\n\\d\n", "-v", "ON_ERROR_STOP=1");
    assertEquals(0, r[0], (String) r[1]);
    String out = (String) r[1];
    assertTrue(out.contains("users"), out);
    assertTrue(out.contains("plans"), out);
    assertTrue(out.contains("bigint"), out); // \d users shows the id column's type
  }

  @Test
  void onErrorStopStopsAtTheRefusedStatement() throws Exception {
    Object[] r = psql("SELECT 'before';\nINSERT INTO users (name) VALUES ('nobody');\nSELECT 'after';\n", "-v", "ON_ERROR_STOP=1");
    assertEquals(3, r[0], (String) r[1]);
    String out = (String) r[1];
    assertTrue(out.contains("before"), out);
    assertTrue(out.contains("shard key"), out);
    assertTrue(!out.contains("after"), out);
  }
}
