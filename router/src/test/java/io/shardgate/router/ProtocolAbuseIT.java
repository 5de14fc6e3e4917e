package io.shardgate.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.PostgresNodes;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile and broken clients over real sockets: each gets a clear error or is closed, and the router serves on. */
@PostgresNodes(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtocolAbuseIT {
  private ShardedFixture fx;
  private Connection healthy;

  @BeforeAll
  void start(LocalCluster cluster) throws Exception {
    fx = new ShardedFixture(cluster);
    healthy = fx.connect();
  }

  @AfterAll
  void stop() throws Exception {
    healthy.close();
    fx.close();
  }

  private Socket startedSession() throws IOException {
    Socket s = new Socket("127.0.0.1", fx.port);
    s.setSoTimeout(10_000);
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    byte[] params = ("user\0postgres\0database\0" + fx.database + "\0\0").getBytes(StandardCharsets.UTF_8);
    out.writeInt(8 + params.length);
    out.writeInt(196608);
    out.write(params);
    out.flush();
    DataInputStream in = new DataInputStream(s.getInputStream());
    while (true) {
      byte type = in.readByte();
      byte[] body = new byte[in.readInt() - 4];
      in.readFully(body);
      if (type == 'Z') {
        return s;
      }
    }
  }

  /** Reads messages until the server closes; returns the SQLSTATE of the first ErrorResponse (or null). */
  private static String errorThenClose(Socket s) throws IOException {
    DataInputStream in = new DataInputStream(s.getInputStream());
    String state = null;
    try {
      while (true) {
        byte type = in.readByte();
        byte[] body = new byte[in.readInt() - 4];
        in.readFully(body);
        if (type == 'E' && state == null) {
          String fields = new String(body, StandardCharsets.UTF_8);
          int c = fields.indexOf("\0C");
          state = fields.substring(c + 2, c + 7);
        }
      }
    } catch (EOFException | java.net.SocketException closed) {
      return state;
    }
  }

  private void routerStillServes() throws Exception {
    try (Statement st = healthy.createStatement(); ResultSet rs = st.executeQuery("SELECT name FROM plans ORDER BY name")) {
      assertTrue(rs.next());
      assertEquals("free", rs.getString(1));
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 3, 0x7FFFFFFFL, 0xFFFFFFFFL, (64L << 20) + 1})
  void hostileLengthWordsAreRefusedWithProtocolViolation(long length) throws Exception {
    try (Socket s = startedSession()) {
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeByte('Q');
      out.writeInt((int) length);
      out.flush();
      assertEquals("08P01", errorThenClose(s), "length " + length);
    }
    routerStillServes();
  }

  @Test
  void truncatedMessageThenDisconnect() throws Exception {
    try (Socket s = startedSession()) {
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeByte('Q');
      out.writeInt(1000);
      out.write("SELECT 1".getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
    routerStillServes();
  }

  @Test
  void garbageInsteadOfStartup() throws Exception {
    try (Socket s = new Socket("127.0.0.1", fx.port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write("GET / HTTP/1.1\r\nHost: shardgate\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      assertEquals("08P01", errorThenClose(s));
    }
    routerStillServes();
  }

  @Test
  void malformedQueryBodyIsAProtocolViolation() throws Exception {
    try (Socket s = startedSession()) {
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      byte[] notTerminated = "SELECT 1".getBytes(StandardCharsets.UTF_8);
      out.writeByte('Q');
      out.writeInt(4 + notTerminated.length);
      out.write(notTerminated);
      out.flush();
      assertEquals("08P01", errorThenClose(s));
    }
    routerStillServes();
  }

  @Test
  void hugeButAllowedQueryWorks() throws Exception {
    StringBuilder sql = new StringBuilder("SELECT length('");
    sql.append("x".repeat(4 << 20)).append("')");
    try (Statement st = healthy.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
      assertTrue(rs.next());
      assertEquals(4 << 20, rs.getInt(1));
    }
  }

  @Test
  void disconnectInTheMiddleOfAPipelinedBatch() throws Exception {
    try (Socket s = startedSession()) {
      ByteArrayOutputStream batch = new ByteArrayOutputStream();
      DataOutputStream b = new DataOutputStream(batch);
      for (int i = 0; i < 50; i++) {
        byte[] q = ("INSERT INTO users (id, name) VALUES (" + (777_000 + i) + ", 'pipelined')\0").getBytes(StandardCharsets.UTF_8);
        b.writeByte('Q');
        b.writeInt(4 + q.length);
        b.write(q);
      }
      s.getOutputStream().write(batch.toByteArray());
      s.getOutputStream().flush();
    }
    routerStillServes();
    for (int n = 0; n < 2; n++) {
      try (Connection d = fx.direct(n); Statement st = d.createStatement()) {
        Thread.sleep(200);
        ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            + "AND state LIKE 'idle in transaction%'");
        rs.next();
        assertEquals(0, rs.getInt(1));
      }
    }
  }

  @Test
  void disconnectAfterExecuteWithoutSyncRollsBackAndFreesTheBackend() throws Exception {
    long id = 778_001;
    try (Socket s = startedSession()) {
      ByteArrayOutputStream batch = new ByteArrayOutputStream();
      DataOutputStream b = new DataOutputStream(batch);
      byte[] parse = ("\0INSERT INTO users (id, name) VALUES (" + id + ", 'unsynced')\0\0\0").getBytes(StandardCharsets.UTF_8);
      b.writeByte('P');
      b.writeInt(4 + parse.length);
      b.write(parse);
      b.writeByte('B'); // unnamed portal and statement, no formats, no parameters, no result formats
      b.writeInt(4 + 1 + 1 + 2 + 2 + 2);
      b.write(new byte[] {0, 0, 0, 0, 0, 0, 0, 0});
      b.writeByte('E');
      b.writeInt(4 + 1 + 4);
      b.write(new byte[] {0, 0, 0, 0, 0});
      b.writeByte('H'); // Flush: the INSERT runs, its implicit transaction stays open (no Sync)
      b.writeInt(4);
      s.getOutputStream().write(batch.toByteArray());
      s.getOutputStream().flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte type;
      do {
        type = in.readByte();
        in.readFully(new byte[in.readInt() - 4]);
        assertTrue(type != 'E', "the INSERT failed");
      } while (type != 'C');
    }
    // Other clients use the same shard: a backend still inside the abandoned batch would commit its INSERT
    // with their statements (a simple Query in an open implicit transaction commits it).
    try (Statement st = healthy.createStatement()) {
      for (int i = 0; i < 5; i++) {
        st.executeQuery("SELECT count(*) FROM users WHERE id = " + id).close();
      }
    }
    routerStillServes();
    for (int n = 0; n < 2; n++) {
      try (Connection d = fx.direct(n); Statement st = d.createStatement()) {
        int lingering = -1;
        for (int attempt = 0; attempt < 50 && lingering != 0; attempt++) {
          Thread.sleep(100); // a closed backend connection's server process exits a moment later
          ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
              + "AND query LIKE '%''unsynced''%'");
          rs.next();
          lingering = rs.getInt(1);
        }
        assertEquals(0, lingering, "a backend is still inside the abandoned batch on node " + n);
        ResultSet rs = st.executeQuery("SELECT count(*) FROM users WHERE id = " + id);
        rs.next();
        assertEquals(0, rs.getInt(1), "the abandoned batch's INSERT was committed on node " + n);
      }
    }
  }
}
