package io.shardgate.router.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.PostgresNodes;
import io.shardgate.sql.lexer.SqlLexer;
import io.shardgate.sql.lexer.Token;
import io.shardgate.sql.lexer.TokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Golden routes of the statement corpus: every statement of corpus/statements.sql is analysed and planned
 * against the corpus topology ({@link CorpusCluster}, provisioned on real nodes) with its {@code $n}
 * unbound, and its route compared with corpus/routes.json. All differences are reported at once; run with
 * {@code -Dshardgate.golden.write=true} to write the actual routes to the golden file for review instead.
 * A second check plans each statement keyed by a {@code $n} again with the value inlined as drivers without
 * bind parameters send it: it must reach the same shard.
 */
@PostgresNodes(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorpusRoutingIT {
  private CorpusCluster corpus;

  @BeforeAll
  void start(LocalCluster cluster) throws Exception {
    corpus = new CorpusCluster(cluster);
  }

  @AfterAll
  void stop() {
    corpus.close();
  }

  @Test
  void everyCorpusStatementRoutesAsTheGoldenFileSays() {
    CorpusPlanner planner = new CorpusPlanner(corpus.topology);
    Map<String, GoldenRoutes.Entry> golden = GoldenRoutes.read();
    List<CorpusStatement> statements = Corpus.statements();
    List<GoldenRoutes.Entry> actual = new ArrayList<>();
    List<String> differences = new ArrayList<>();
    Map<String, Integer> byKind = new TreeMap<>();
    for (CorpusStatement s : statements) {
      CorpusPlanner.PlannedRoute r = planner.plan(s.serverSql());
      byKind.merge(r.kind(), 1, Integer::sum);
      String target = r.route().equals("shard(param)") ? null : r.target(); // unbound: shard 0, meaningless
      actual.add(new GoldenRoutes.Entry(s.id(), s.category(), r.route(), target, s.note(), s.sql()));
      GoldenRoutes.Entry expected = golden.remove(s.id());
      if (expected == null) {
        differences.add(s.id() + ": not in routes.json; actual " + describe(r.route(), target));
      } else if (!expected.matches(r.route(), target)) {
        differences.add(s.id() + ": expected " + describe(expected.route(), expected.target()) + "\n    actual   "
            + describe(r.route(), target));
      }
    }
    golden.keySet().forEach(id -> differences.add(id + ": in routes.json but not in the corpus"));

    StringBuilder summary = new StringBuilder("corpus routes (" + statements.size() + " statements):");
    byKind.forEach((kind, n) -> summary.append("\n  ").append(String.format("%-16s %3d", kind, n)));
    System.out.println(summary);

    if (GoldenRoutes.writeRequested()) {
      GoldenRoutes.write(actual);
      System.out.println("wrote " + actual.size() + " routes to " + GoldenRoutes.SOURCE.toAbsolutePath()
          + (differences.isEmpty() ? "" : "; " + differences.size() + " changed: review them"));
      return;
    }
    if (!differences.isEmpty()) {
      fail(differences.size() + " corpus statements route differently from corpus/routes.json (rerun with -D"
          + GoldenRoutes.WRITE_PROPERTY + "=true to write the actual routes, then review the diff):\n  "
          + String.join("\n  ", differences));
    }
    assertEquals(statements.size(), actual.size());
  }

  /**
   * A statement whose key is a {@code $n} goes to the shard of the bound value; it must go to the same shard
   * when a driver inlines the value instead: as a bare literal (psycopg2, ActiveRecord: {@code 42},
   * {@code 'paid'}) and as pgJDBC's simple protocol does ({@code ('42')}). Known failures: {@link
   * KnownBugs#PARENTHESISED_KEY}.
   */
  @Test
  void inlinedKeyValuesRouteLikeBoundParameters() {
    CorpusPlanner planner = new CorpusPlanner(corpus.topology);
    List<String> wrong = new ArrayList<>();
    List<String> knownStillWrong = new ArrayList<>();
    List<String> knownNowRight = new ArrayList<>();
    int checked = 0;
    for (CorpusStatement s : Corpus.statements()) {
      if (!planner.plan(s.serverSql()).route().equals("shard(param)")) {
        continue;
      }
      List<String> values = CorpusParameters.of(s);
      String bound = planner.plan(s.serverSql(), (index, type) -> values.get(index - 1)).target();
      for (Inlining style : Inlining.values()) {
        checked++;
        CorpusPlanner.PlannedRoute inlined = planner.plan(style.inline(s.serverSql(), values));
        boolean same = inlined.route().equals("shard") && bound.equals(inlined.target());
        boolean known = style == Inlining.PGJDBC_SIMPLE && KnownBugs.PARENTHESISED_KEY.contains(s.id());
        String line = s.id() + " " + style + ": bound " + bound + ", inlined "
            + describe(inlined.route(), inlined.target());
        if (!same && known) {
          knownStillWrong.add(line);
        } else if (!same) {
          wrong.add(line);
        } else if (known) {
          knownNowRight.add(s.id());
        }
      }
    }
    int right = checked - wrong.size() - knownStillWrong.size();
    System.out.println("inlined key values: " + checked + " checked, " + right
        + " route like the bound parameter, known bug (" + knownStillWrong.size() + "): "
        + KnownBugs.PARENTHESISED_LITERAL + "\n  " + String.join("\n  ", knownStillWrong));
    if (!wrong.isEmpty() || !knownNowRight.isEmpty()) {
      fail("inlined key values route elsewhere than bound ones:\n  " + String.join("\n  ", wrong)
          + (knownNowRight.isEmpty() ? ""
              : "\nknown bug fixed for (remove from KnownBugs.PARENTHESISED_KEY): " + knownNowRight));
    }
  }

  /** How drivers that do not send parameters write their values into the statement. */
  enum Inlining {
    /** psycopg2, ActiveRecord: numbers bare, everything else a quoted string. */
    LITERAL,
    /** pgJDBC's simple protocol (42.7.2+): every value a quoted string in parentheses. */
    PGJDBC_SIMPLE;

    String inline(String sql, List<String> values) {
      StringBuilder out = new StringBuilder();
      int last = 0;
      for (Token t : SqlLexer.tokenize(sql)) {
        if (t.type() == TokenType.PARAMETER) {
          out.append(sql, last, t.start()).append(literal(values.get(t.parameterIndex(sql) - 1)));
          last = t.end();
        }
      }
      return out.append(sql.substring(last)).toString();
    }

    private String literal(String value) {
      if (value == null) {
        return "NULL";
      }
      String quoted = "'" + value.replace("'", "''") + "'";
      if (this == PGJDBC_SIMPLE) {
        return "(" + quoted + ")";
      }
      return value.matches("-?[0-9]+(\\.[0-9]+)?") ? value : quoted;
    }
  }

  private static String describe(String route, String target) {
    return target == null ? route : route + " [" + target + "]";
  }
}
