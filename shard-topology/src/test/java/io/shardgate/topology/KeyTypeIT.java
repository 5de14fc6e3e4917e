package io.shardgate.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.PostgresNodes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** KeyType's reading of key values given as text against the server's own input functions. */
@PostgresNodes(1)
class KeyTypeIT {
  private static final List<String> INTEGER_TEXTS = List.of("0", "42", " 42", "+42", "42 ", "\t-7\n", "0042", "-0",
      "", " ", "+", "-", "4 2", "42x", "x42", "+-1", "- 1", "1.0", "1e3", "٤٢", "32767", "32768", "-32768", "-32769",
      "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
      "-9223372036854775808", "-9223372036854775809", "99999999999999999999", "99999999999999999999x",
      "00000000000000000000000001");
  /** Accepted only by PostgreSQL 16 and later, which Shardgate follows. */
  private static final List<String> PG16_INTEGER_TEXTS = List.of("0x2A", "0X2a", "0o52", "0b101010", "1_000",
      "0x_2A", "0x7FFFFFFFFFFFFFFF", "-0x8000000000000000", "0x8000000000000000", "_1", "1_", "1__0", "0x", "0b2");
  private static final List<String> UUID_TEXTS = List.of("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
      "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "a0eebc999c0b4ef8bb6d6bb9bd380a11",
      "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11", "{a0eebc999c0b4ef8bb6d6bb9bd380a11}", " a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
      "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 ", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", "a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11",
      "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11-", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}",
      "a-0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "", "g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");

  @Test
  void integerTextsAreReadLikeTheServer(LocalCluster cluster) throws Exception {
    try (Connection c = DriverManager.getConnection(cluster.node(0).jdbcUrl("postgres"))) {
      boolean pg16 = c.getMetaData().getDatabaseMajorVersion() >= 16;
      for (String type : List.of("smallint", "integer", "bigint")) {
        for (String text : INTEGER_TEXTS) {
          assertSameOutcome(c, type, "hashint8extended(?::" + type + ", 0)", text);
        }
        for (String text : PG16_INTEGER_TEXTS) {
          String server = serverOutcome(c, "hashint8extended(?::" + type + ", 0)", text);
          String java = javaOutcome(KeyType.parse(type), text);
          if (pg16 || !server.equals("22P02")) {
            assertEquals(server, java, type + " '" + text + "'");
          }
        }
      }
    }
  }

  @Test
  void uuidAndTextTextsAreReadLikeTheServer(LocalCluster cluster) throws Exception {
    try (Connection c = DriverManager.getConnection(cluster.node(0).jdbcUrl("postgres"))) {
      for (String text : UUID_TEXTS) {
        assertSameOutcome(c, "uuid", "uuid_hash_extended(?::uuid, 0)", text);
      }
      for (String text : List.of("", " padded ", "ümlaut", "🎉", "x".repeat(100))) {
        assertSameOutcome(c, "text", "hashtextextended(?::text, 0)", text);
        assertSameOutcome(c, "varchar", "hashtextextended(?::varchar, 0)", text);
      }
    }
  }

  private static void assertSameOutcome(Connection c, String type, String sql, String text) throws SQLException {
    assertEquals(serverOutcome(c, sql, text), javaOutcome(KeyType.parse(type), text), type + " '" + text + "'");
  }

  /** The hash as a decimal string, or the SQLSTATE of the error. */
  private static String serverOutcome(Connection c, String hashExpr, String text) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + hashExpr)) {
      s.setString(1, text);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return Long.toString(rs.getLong(1));
      }
    } catch (SQLException e) {
      return e.getSQLState();
    }
  }

  private static String javaOutcome(KeyType type, String text) {
    try {
      return Long.toString(type.hashOfText(text));
    } catch (TopologyException e) {
      return e.sqlState();
    }
  }
}
