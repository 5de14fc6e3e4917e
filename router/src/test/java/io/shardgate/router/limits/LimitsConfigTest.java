package io.shardgate.router.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.router.errors.SqlError;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitsConfigTest {
  @Test
  void absentSectionMeansNoIdleTimeoutsAndA30SecondDrain() {
    LimitsConfig limits = LimitsConfig.parse("home: n1\n");
    assertEquals(LimitsConfig.DEFAULT, limits);
    assertFalse(limits.hasIdleTimeouts());
    assertEquals(Duration.ofSeconds(30), limits.shutdownDrain());
  }

  @Test
  void readsDurationsWithUnits() {
    LimitsConfig limits = LimitsConfig.parse(
        "limits:\n  client_idle_timeout: 10m\n  idle_in_transaction_timeout: 500ms\n  shutdown_drain: 2h\n");
    assertEquals(new LimitsConfig(Duration.ofMinutes(10), Duration.ofMillis(500), Duration.ofHours(2), Duration.ZERO), limits);
    assertTrue(limits.hasIdleTimeouts());
    assertEquals(Duration.ofSeconds(45), LimitsConfig.parse("limits: {client_idle_timeout: 45s}").clientIdleTimeout());
    assertEquals(Duration.ofMinutes(3), LimitsConfig.parse("limits: {client_idle_timeout: 3min}").clientIdleTimeout());
    assertEquals(Duration.ZERO, LimitsConfig.parse("limits: {client_idle_timeout: 0, shutdown_drain: 0}").shutdownDrain());
  }

  @Test
  void errorsNameTheKeyAndTheFix() {
    assertError("limits: {client_idle_timeout: 10}", "limits: client_idle_timeout needs a unit");
    assertError("limits: {shutdown_drain: soon}", "shutdown_drain must be a duration such as 500ms", "\"soon\"");
    assertError("limits: {idle_timeout: 1s}", "unknown key idle_timeout", "client_idle_timeout");
    assertError("limits: {client_idle_timeout: -1s}", "client_idle_timeout must be a duration");
  }

  private static void assertError(String yaml, String... fragments) {
    SqlError e = assertThrows(SqlError.class, () -> LimitsConfig.parse(yaml));
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should contain '" + fragment + "'");
    }
    assertEquals("F0000", e.sqlState());
  }
}
