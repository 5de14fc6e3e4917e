package io.shardgate.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.PostgresNodes;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Fan-out in the extended protocol byte by byte: the same Parse/Bind/Describe/Execute/Sync messages to the router
 * (8 shards) and to one plain PostgreSQL holding the same rows must get the same replies, message for message:
 * row limits (PortalSuspended), binary and mixed result formats, statement describes, errors.
 */
@PostgresNodes(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FanoutPortalIT {
  private ShardedFixture fx;
  private String plainDb;
  private LocalCluster cluster;

  @BeforeAll
  void start(LocalCluster cluster) throws Exception {
    this.cluster = cluster;
    fx = new ShardedFixture(cluster);
    plainDb = cluster.createDatabase("plainportal");
    StringBuilder users = new StringBuilder("INSERT INTO users (id, name, email) VALUES ");
    for (int i = 0; i < 60; i++) {
      users.append(i == 0 ? "" : ", ").append("(").append(i * 7919L - 100).append(", ")
          .append(i % 6 == 0 ? "NULL" : "'n" + (i % 9) + "'").append(", 'e").append(i % 4).append("')");
    }
    LocalCluster.execute(cluster.node(0), plainDb, String.join(";\n", ShardedFixture.COLO_TABLES));
    LocalCluster.execute(cluster.node(0), plainDb, users.toString());
    try (var c = fx.connect(); var s = c.createStatement()) {
      for (int i = 0; i < 60; i++) {
        s.execute("INSERT INTO users (id, name, email) VALUES (" + (i * 7919L - 100) + ", "
            + (i % 6 == 0 ? "NULL" : "'n" + (i % 9) + "'") + ", 'e" + (i % 4) + "')");
      }
    }
  }

  @AfterAll
  void stop() {
    fx.close();
  }

  private List<String> exchange(int port, String database, Messages messages) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] params = ("user\0postgres\0database\0" + database + "\0\0").getBytes(StandardCharsets.UTF_8);
      out.writeInt(8 + params.length);
      out.writeInt(196608);
      out.write(params);
      out.flush();
      readUntilReady(in, false);
      out.write(messages.bytes());
      out.flush();
      List<String> replies = new ArrayList<>();
      for (int i = 0; i < messages.syncs; i++) {
        replies.addAll(readUntilReady(in, true));
      }
      return replies;
    }
  }

  /** The replies up to ReadyForQuery: type letter, and the body for rows, descriptions and tags. */
  private static List<String> readUntilReady(DataInputStream in, boolean keep) throws IOException {
    List<String> out = new ArrayList<>();
    while (true) {
      byte type = in.readByte();
      byte[] body = new byte[in.readInt() - 4];
      in.readFully(body);
      if (!keep) {
        if (type == 'Z') {
          return out;
        }
        continue;
      }
      switch (type) {
        case 'D', 'C', 't' -> out.add((char) type + ":" + HexFormat.of().formatHex(body));
        case 'T' -> out.add("T:" + describe(body));
        case 'E' -> {
          String fields = new String(body, StandardCharsets.UTF_8);
          int c = fields.indexOf("\0C");
          out.add("E:" + fields.substring(c + 2, c + 7));
        }
        default -> out.add(String.valueOf((char) type));
      }
      if (type == 'Z') {
        return out;
      }
    }
  }

  /** A RowDescription as name:type:format per column (table OIDs differ between databases). */
  private static String describe(byte[] body) throws IOException {
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(body));
    int n = in.readShort();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      ByteArrayOutputStream name = new ByteArrayOutputStream();
      int b;
      while ((b = in.readByte()) != 0) {
        name.write(b);
      }
      in.readInt();
      in.readShort();
      int type = in.readInt();
      in.readShort();
      in.readInt();
      short format = in.readShort();
      sb.append(name.toString(StandardCharsets.UTF_8)).append(':').append(type).append(':').append(format).append(' ');
    }
    return sb.toString().strip();
  }

  private void assertSameReplies(Messages messages) throws IOException {
    List<String> plain = exchange(cluster.node(0).port(), plainDb, messages);
    List<String> routed = exchange(fx.port, fx.database, messages);
    assertEquals(plain, routed);
  }

  @Test
  void rowLimitSuspendsThePortalAndTheNextExecuteGoesOn() throws IOException {
    Messages m = new Messages().parse("", "SELECT id, name FROM users ORDER BY id").bind("", "", List.of(), List.of())
        .describePortal("").execute("", 7).execute("", 7).execute("", 0).execute("", 0).sync();
    assertSameReplies(m);
    List<String> routed = exchange(fx.port, fx.database, m);
    assertTrue(routed.contains("s"), "PortalSuspended in " + routed);
  }

  @Test
  void binaryAndMixedResultFormatsAsTheClientAsked() throws IOException {
    String sql = "SELECT name, count(*), sum(id), avg(id), min(id) FROM users WHERE id > $1 GROUP BY name ORDER BY name";
    assertSameReplies(new Messages().parse("s1", sql).bind("", "s1", List.of("-50"), List.of((short) 1))
        .describePortal("").execute("", 0).sync());
    assertSameReplies(new Messages().parse("s1", sql)
        .bind("", "s1", List.of("0"), List.of((short) 0, (short) 1, (short) 0, (short) 1, (short) 1))
        .describePortal("").execute("", 0).sync());
  }

  @Test
  void statementDescribeGivesParameterAndMergedColumnTypes() throws IOException {
    assertSameReplies(new Messages().parse("q", "SELECT email, sum(id) AS s, count(name) FROM users "
            + "WHERE id < $1 GROUP BY email ORDER BY s").describeStatement("q").sync());
    assertSameReplies(new Messages().parse("q", "SELECT id, name FROM users WHERE name = $1 ORDER BY id LIMIT 3")
        .describeStatement("q").bind("", "q", List.of("n3"), List.of()).execute("", 0).sync());
  }

  @Test
  void errorsSkipToSyncAndTheSessionGoesOn() throws IOException {
    assertSameReplies(new Messages().parse("", "SELECT id FROM users WHERE id > $1 ORDER BY id LIMIT 2")
        .bind("", "", List.of("not a number"), List.of()).execute("", 0).sync()
        .parse("", "SELECT count(*) FROM users").bind("", "", List.of(), List.of()).execute("", 0).sync());
  }

  @Test
  void suspendedPortalsClosedOrDroppedAtSyncGiveTheirShardsBack() throws IOException {
    // more rounds than a shard's pool holds connections (16): a leaked shard connection would stall a later round
    Messages m = new Messages();
    for (int i = 0; i < 20; i++) {
      m.parse("", "SELECT id, name FROM users ORDER BY name NULLS FIRST, id").bind("", "", List.of(), List.of())
          .execute("", 2);
      if (i % 2 == 0) {
        m.close("");
      }
      m.sync();
    }
    m.parse("", "SELECT count(*) FROM users").bind("", "", List.of(), List.of()).execute("", 0).sync();
    assertSameReplies(m);
  }

  /** Extended-protocol messages, encoded as a client sends them. */
  static final class Messages {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    int syncs;

    private Messages message(char type, byte[] body) {
      out.write(type);
      int len = body.length + 4;
      out.write(len >>> 24);
      out.write(len >>> 16);
      out.write(len >>> 8);
      out.write(len);
      out.writeBytes(body);
      return this;
    }

    private static void string(ByteArrayOutputStream b, String s) {
      b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      b.write(0);
    }

    private static void int16(ByteArrayOutputStream b, int v) {
      b.write(v >>> 8);
      b.write(v);
    }

    private static void int32(ByteArrayOutputStream b, int v) {
      b.write(v >>> 24);
      b.write(v >>> 16);
      b.write(v >>> 8);
      b.write(v);
    }

    Messages parse(String name, String sql) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      string(b, name);
      string(b, sql);
      int16(b, 0);
      return message('P', b.toByteArray());
    }

    Messages bind(String portal, String statement, List<String> textParameters, List<Short> resultFormats) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      string(b, portal);
      string(b, statement);
      int16(b, 0);
      int16(b, textParameters.size());
      for (String p : textParameters) {
        byte[] v = p.getBytes(StandardCharsets.UTF_8);
        int32(b, v.length);
        b.writeBytes(v);
      }
      int16(b, resultFormats.size());
      resultFormats.forEach(f -> int16(b, f));
      return message('B', b.toByteArray());
    }

    Messages describePortal(String name) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.write('P');
      string(b, name);
      return message('D', b.toByteArray());
    }

    Messages describeStatement(String name) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.write('S');
      string(b, name);
      return message('D', b.toByteArray());
    }

    Messages execute(String portal, int maxRows) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      string(b, portal);
      int32(b, maxRows);
      return message('E', b.toByteArray());
    }

    Messages close(String portal) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.write('P');
      string(b, portal);
      return message('C', b.toByteArray());
    }

    Messages sync() {
      syncs++;
      return message('S', new byte[0]);
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
