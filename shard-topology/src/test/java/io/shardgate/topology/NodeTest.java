package io.shardgate.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NodeTest {
  @Test
  void parsesLibpqUrls() {
    assertEquals(new Node("n1", "127.0.0.1", 55432, "app", "postgres", null),
        Node.parse("n1", "postgresql://postgres@127.0.0.1:55432/app"));
    assertEquals(new Node("n1", "db.example", 5432, "app", "alice", "s3cret"),
        Node.parse("n1", "postgres://alice:s3cret@db.example/app"));
    assertEquals(new Node("n1", "::1", 6000, "my db", "bob", "p@ss:w/rd+"),
        Node.parse("n1", "postgresql://bob:p%40ss%3Aw%2Frd+@[::1]:6000/my%20db"));
    assertEquals(new Node("n1", "pg_1", 5432, "app", "u", ""), Node.parse("n1", "postgresql://u:@pg_1/app"));
  }

  @Test
  void badUrlsAreNamed() {
    for (String bad : new String[] {"mysql://u@h/db", "postgresql://h:5432/db", "postgresql://u@h:5432", "postgresql://u@h:5432/",
        "postgresql://u@:5432/db", "postgresql://u@h:port/db", "postgresql://u@h:70000/db", "postgresql://u@h/db?sslmode=require",
        "postgresql://u@h/a/b", "postgresql://u@[::1/db", "postgresql://u%zz@h/db", "127.0.0.1:5432"}) {
      TopologyException e = assertThrows(TopologyException.class, () -> Node.parse("n7", bad), bad);
      assertTrue(e.getMessage().startsWith("node n7: "), e.getMessage());
    }
  }

  @Test
  void passwordsStayOutOfMessagesAndToString() {
    Node node = Node.parse("n1", "postgresql://alice:s3cret@h:1/db");
    assertFalse(node.toString().contains("s3cret"), node.toString());
    assertEquals("postgresql://alice@h:1/db", node.url());
    TopologyException e = assertThrows(TopologyException.class, () -> Node.parse("n1", "postgresql://alice:s3cret@h:x/db"));
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
  }

  @Test
  void jdbcUrlCarriesNoCredentials() {
    Node node = Node.parse("n1", "postgresql://alice:s3cret@[::1]:6000/app");
    assertEquals("jdbc:postgresql://[::1]:6000/app", node.jdbcUrl());
    assertEquals("alice", node.jdbcProperties().getProperty("user"));
    assertEquals("s3cret", node.jdbcProperties().getProperty("password"));
    assertNull(Node.parse("n1", "postgresql://a@h/db").jdbcProperties().getProperty("password"));
  }
}
