package io.shardgate.router.frontend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shardgate.pgwire.message.Bind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A shard's part of a split INSERT keeps only its rows' parameters, renumbered, with their types and values. */
class ShardParametersTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void renumbersTheParametersLeftInOrder() {
    Bind bind = new Bind("p", "s", List.of((short) 0, (short) 1, (short) 0, (short) 1),
        java.util.Arrays.asList(b("1"), b("a"), null, b("d")), List.of((short) 1));
    ShardParameters part = ShardParameters.of(
        "INSERT INTO t (k, v) VALUES ($3, '$1'), ($4, $2) /* $1 */ RETURNING $4", List.of(20, 25, 20), bind);
    assertEquals("INSERT INTO t (k, v) VALUES ($2, '$1'), ($3, $1) /* $1 */ RETURNING $3", part.parse().query());
    assertEquals("", part.parse().statement());
    assertEquals(List.of(25, 20, 0), part.parse().parameterTypes());
    assertEquals("", part.bind().portal());
    assertEquals(List.of((short) 1, (short) 0, (short) 1), part.bind().parameterFormats());
    assertArrayEquals(b("a"), part.bind().parameters().get(0));
    assertEquals(null, part.bind().parameters().get(1));
    assertArrayEquals(b("d"), part.bind().parameters().get(2));
    assertEquals(List.of((short) 1), part.bind().resultFormats());
  }

  @Test
  void oneFormatForAllStaysOne() {
    Bind bind = new Bind("", "", List.of((short) 1), List.of(b("x"), b("y")), List.of());
    ShardParameters part = ShardParameters.of("INSERT INTO t (k) VALUES ($2)", List.of(), bind);
    assertEquals("INSERT INTO t (k) VALUES ($1)", part.parse().query());
    assertEquals(List.of(0), part.parse().parameterTypes());
    assertEquals(List.of((short) 1), part.bind().parameterFormats());
    assertEquals(1, part.bind().parameters().size());
  }
}
