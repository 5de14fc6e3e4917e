package io.shardgate.router.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The golden file {@code corpus/routes.json}: one entry per corpus statement, one line each so a diff shows
 * exactly which route changed. {@code route} is compared; for a refusal the golden text only has to be a
 * prefix of the actual one (trim a message in review to what matters). {@code target} (shard schema@node of a
 * literal key) is compared when present; {@code comment} and {@code query} are there for the reviewer.
 *
 * <p>With {@code -Dshardgate.golden.write=true} the test writes the actual routes here instead of failing.
 */
final class GoldenRoutes {
  static final String WRITE_PROPERTY = "shardgate.golden.write";
  /** The source file (tests run in the module directory); the class path copy is what is read. */
  static final Path SOURCE = Path.of("src/test/resources/corpus/routes.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One golden entry. */
  record Entry(String id, String category, String route, String target, String comment, String query) {
    /** Whether an actual route matches this golden one. */
    boolean matches(String actualRoute, String actualTarget) {
      boolean routeOk = route.startsWith("refused") ? actualRoute.startsWith(route) : route.equals(actualRoute);
      return routeOk && (target == null || target.equals(actualTarget));
    }
  }

  private GoldenRoutes() {}

  static boolean writeRequested() {
    return Boolean.getBoolean(WRITE_PROPERTY);
  }

  /** The golden entries by id, in file order; empty when the file does not exist yet. */
  static Map<String, Entry> read() {
    Map<String, Entry> out = new LinkedHashMap<>();
    String text;
    try {
      text = Corpus.resource("routes.json");
    } catch (IllegalStateException missing) {
      return out;
    }
    try {
      for (JsonNode n : JSON.readTree(text)) {
        Entry e = new Entry(n.path("id").asText(), n.path("category").asText(), n.path("route").asText(),
            n.hasNonNull("target") ? n.get("target").asText() : null, n.path("comment").asText(null),
            n.path("query").asText(null));
        out.put(e.id(), e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("corpus/routes.json is not valid JSON", e);
    }
    return out;
  }

  /** Writes {@code entries} to the source file, one entry per line. */
  static void write(List<Entry> entries) {
    StringBuilder out = new StringBuilder("[\n");
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      out.append("  {\"id\": ").append(quote(e.id()))
          .append(", \"category\": ").append(quote(e.category()))
          .append(", \"route\": ").append(quote(e.route()));
      if (e.target() != null) {
        out.append(", \"target\": ").append(quote(e.target()));
      }
      out.append(", \"comment\": ").append(quote(e.comment()))
          .append(", \"query\": ").append(quote(e.query()))
          .append(i + 1 < entries.size() ? "},\n" : "}\n");
    }
    out.append("]\n");
    try {
      Files.createDirectories(SOURCE.getParent());
      Files.writeString(SOURCE, out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
