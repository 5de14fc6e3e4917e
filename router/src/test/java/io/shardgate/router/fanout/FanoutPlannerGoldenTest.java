package io.shardgate.router.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shardgate.router.errors.SqlError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden fan-out plans: {@code fanout/plans.json} holds {@code {comment, query, shardSql, plan}} (the merge
 * tree as {@code describe()} prints it, one line per entry) or {@code {comment, query, error}} ("SQLSTATE:
 * message"), all for 4 shards. With {@code -Dfanout.golden.write=true} the actual results are written to
 * {@code target/fanout/plans.json} for review (copy it over the resource when they are right).
 */
class FanoutPlannerGoldenTest {
  private static final String RESOURCE = "/fanout/plans.json";
  private static final int SHARDS = 4;
  /** The fixture's colo: users by id, orders by user_id. */
  static final ShardKeys KEYS = new ShardKeys(java.util.Map.of("users", "id", "orders", "user_id"));
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @TestFactory
  Stream<DynamicTest> plans() throws IOException {
    JsonNode cases = load();
    if (Boolean.getBoolean("fanout.golden.write")) {
      return Stream.of(DynamicTest.dynamicTest("write actual plans", () -> write(cases)));
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases) {
      String query = c.get("query").asText();
      tests.add(DynamicTest.dynamicTest(c.get("comment").asText() + ": " + query, () -> {
        ObjectNode expected = c.deepCopy();
        expected.remove("comment");
        assertEquals(expected.toPrettyString(), actual(query).toPrettyString());
      }));
    }
    return tests.stream();
  }

  /** The planner's answer in the file's shape (without the comment). */
  static ObjectNode actual(String query) {
    ObjectNode out = JSON.createObjectNode();
    out.put("query", query);
    try {
      FanoutPlan plan = FanoutPlanner.plan(query, SHARDS, KEYS);
      out.put("shardSql", plan.shardSql());
      ArrayNode lines = out.putArray("plan");
      plan.describe().lines().forEach(lines::add);
    } catch (SqlError e) {
      out.put("error", e.sqlState() + ": " + e.getMessage());
    }
    return out;
  }

  private static JsonNode load() throws IOException {
    try (InputStream in = FanoutPlannerGoldenTest.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException("missing test resource " + RESOURCE);
      }
      return JSON.readTree(in);
    }
  }

  private static void write(JsonNode cases) throws IOException {
    ArrayNode out = JSON.createArrayNode();
    for (JsonNode c : cases) {
      ObjectNode o = out.addObject();
      o.put("comment", c.get("comment").asText());
      o.setAll(actual(c.get("query").asText()));
    }
    Path file = Path.of("target", "fanout", "plans.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, JSON.writeValueAsString(out) + "\n");
  }
}
