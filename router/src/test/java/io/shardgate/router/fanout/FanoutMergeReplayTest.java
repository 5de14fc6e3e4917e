package io.shardgate.router.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardgate.engine.Concat;
import io.shardgate.engine.Route;
import io.shardgate.engine.RowStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays {@code fanout/merges.json}, recorded by {@link FanoutDifferentialIT} from a real PostgreSQL 15: for
 * each statement, the rows each shard returned for the planned shard SQL, and what one database holding all
 * rows returned. The planner must still produce that shard SQL, and its merge of the recorded shard rows must
 * equal the recorded single-database answer.
 */
class FanoutMergeReplayTest {
  private static JsonNode fixture() throws IOException {
    try (InputStream in = FanoutMergeReplayTest.class.getResourceAsStream("/fanout/merges.json")) {
      if (in == null) {
        throw new IOException("missing test resource /fanout/merges.json");
      }
      return new ObjectMapper().readTree(in);
    }
  }

  @TestFactory
  Stream<DynamicTest> mergesEqualTheSingleDatabaseAnswer() throws IOException {
    JsonNode fixture = fixture();
    int shards = fixture.get("shards").asInt();
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : fixture.get("cases")) {
      String query = c.get("query").asText();
      tests.add(DynamicTest.dynamicTest(query, () -> {
        FanoutPlan plan = FanoutPlanner.plan(query, shards, FanoutDifferentialIT.KEYS);
        assertEquals(c.get("shardSql").asText(), plan.shardSql(),
            "the planner's shard SQL changed: re-record with FanoutDifferentialIT -Dfanout.record=true");
        RecordedResult merged = RecordedResult.drain(plan.open(streams(c)));
        FanoutDifferentialIT.check(RecordedResult.fromJson(c.get("expected")), merged,
            new FanoutDifferentialIT.Case(query, FanoutDifferentialIT.Check.valueOf(c.get("check").asText())));
      }));
    }
    return tests.stream();
  }

  /** The harness itself catches a wrong merge: concatenating per-shard counts is not the count. */
  @Test
  void aConcatenationOfPartialCountsIsCaught() throws IOException {
    for (JsonNode c : fixture().get("cases")) {
      if (c.get("query").asText().equals("SELECT count(*) FROM items")) {
        List<RowStream> streams = streams(c);
        RecordedResult naive = RecordedResult.drain(new Concat(new Route(streams.size())).open(streams));
        RecordedResult expected = RecordedResult.fromJson(c.get("expected"));
        assertThrows(AssertionError.class, () -> expected.assertSameAnswer(naive, false, "count(*)"));
        return;
      }
    }
    throw new AssertionError("the fixture lacks SELECT count(*) FROM items");
  }

  private static List<RowStream> streams(JsonNode c) {
    List<RowStream> streams = new ArrayList<>();
    for (JsonNode shard : c.get("shardResults")) {
      streams.add(RecordedResult.fromJson(shard).stream());
    }
    return streams;
  }
}
