package io.shardgate.router.corpus;

import io.shardgate.router.copy.CopyStatement;
import io.shardgate.router.errors.SqlError;
import io.shardgate.router.planner.BoundParameters;
import io.shardgate.router.planner.DeclareCursor;
import io.shardgate.router.planner.Planner;
import io.shardgate.router.planner.Route;
import io.shardgate.sql.analysis.Analysis;
import io.shardgate.sql.analysis.CachingAnalyzer;
import io.shardgate.sql.analysis.KeyValue;
import io.shardgate.sql.analysis.StatementKind;
import io.shardgate.topology.Topology;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides what the router does with one statement, the way its simple-protocol query path (QueryRun) does
 * before a backend is involved: transaction control is answered by the router itself (ADR 0002), COPY FROM
 * STDIN / TO STDOUT of a colo table goes to the dedicated COPY code, DDL naming a colo or reference table runs
 * on every node, LISTEN/UNLISTEN use a home connection of the client's own; everything else is planned by
 * {@link Planner}, with its parameters unbound unless values are given.
 */
final class CorpusPlanner {
  /** Statements the router's transaction state answers or keeps (outside a transaction COMMIT/ROLLBACK go anywhere). */
  private static final Set<StatementKind> LOCAL_TX = Set.of(StatementKind.BEGIN, StatementKind.COMMIT,
      StatementKind.ROLLBACK, StatementKind.SAVEPOINT, StatementKind.RELEASE, StatementKind.ROLLBACK_TO);

  private final Topology topology;
  private final CachingAnalyzer analyzer;

  CorpusPlanner(Topology topology) {
    this.topology = topology;
    this.analyzer = new CachingAnalyzer(table -> topology.coloOfTable(table)
        .map(colo -> colo.tableToKeyColumn().get(table)));
  }

  /**
   * The route kind: {@code shard}, {@code shard(param)} (the shard key is a {@code $n}), {@code scatter} (every
   * shard of a colo, merged), {@code broadcast} (a write run as it is on each shard it may touch), {@code home}, {@code anywhere}, {@code every-node} (DDL), {@code local-tx},
   * {@code copy}, the lower-case name of any newer route type, or {@code refused: SQLSTATE message}; and for
   * shard routes the shard schema and node
   * (with parameters unbound, shard 0: the planner's choice for an unknown key).
   */
  PlannedRoute plan(String sql) {
    return plan(sql, BoundParameters.UNBOUND);
  }

  /** As {@link #plan(String)}, with {@code $n} bound to {@code parameters}. */
  PlannedRoute plan(String sql, BoundParameters parameters) {
    Analysis analysis = DeclareCursor.parse(sql).map(c -> analyzer.analyze(c.query()))
        .orElseGet(() -> analyzer.analyze(sql));
    StatementKind kind = analysis.kind();
    if (LOCAL_TX.contains(kind) || (kind == StatementKind.DISCARD
        && sql.strip().toLowerCase(Locale.ROOT).matches("(?s)discard\\s+all;?"))) {
      return new PlannedRoute("local-tx", null, analysis);
    }
    if (kind == StatementKind.COPY && shardedCopy(sql)) {
      return new PlannedRoute("copy", null, analysis);
    }
    if ((kind == StatementKind.DDL || Planner.runsOnEveryNode(analysis)) && everyNodeDdl(analysis)) {
      return new PlannedRoute("every-node", null, analysis);
    }
    if (kind == StatementKind.LISTEN || kind == StatementKind.UNLISTEN) {
      return new PlannedRoute("home", null, analysis);
    }
    Route route;
    try {
      route = Planner.plan(analysis, topology, parameters, sql);
    } catch (SqlError e) {
      return new PlannedRoute("refused: " + e.sqlState() + " " + e.getMessage(), null, analysis);
    }
    if (route instanceof Route.Shard shard) {
      String target = shard.backend().schema() + "@" + shard.backend().node();
      return new PlannedRoute(byParameter(analysis) ? "shard(param)" : "shard", target, analysis);
    }
    if (route instanceof Route.Scatter scatter) {
      return new PlannedRoute("scatter", scatter.colo() + " x" + scatter.shards(), analysis);
    }
    if (route instanceof Route.Broadcast broadcast) {
      return new PlannedRoute("broadcast", broadcast.colo() + " x" + broadcast.shards().size(), analysis);
    }
    if (route instanceof Route.Split split) {
      return new PlannedRoute("split", split.colo() + " x" + split.sqlByShard().size(), analysis);
    }
    if (route instanceof Route.Home) {
      return new PlannedRoute("home", null, analysis);
    }
    if (route instanceof Route.Anywhere) {
      return new PlannedRoute("anywhere", null, analysis);
    }
    return new PlannedRoute(route.getClass().getSimpleName().toLowerCase(Locale.ROOT), route.describe(), analysis);
  }

  /** As QueryRun: a COPY of an unqualified colo table from STDIN or to STDOUT is split or merged by the COPY code. */
  private boolean shardedCopy(String sql) {
    CopyStatement copy;
    try {
      copy = CopyStatement.parse(sql);
    } catch (SqlError e) {
      return false;
    }
    return !copy.query() && copy.schema() == null && (copy.fromStdin() || copy.toStdout())
        && topology.coloOfTable(copy.table()).isPresent();
  }

  /** As QueryRun: DDL naming an unqualified (or public.) colo or reference table runs on every node. */
  private boolean everyNodeDdl(Analysis analysis) {
    return analysis.tables().stream().anyMatch(t -> (t.schema() == null || "public".equals(t.schema()))
        && (topology.coloOfTable(t.name()).isPresent() || topology.isReferenceTable(t.name())));
  }

  private static boolean byParameter(Analysis analysis) {
    return analysis.shardKeyValuesByTable().values().stream().flatMap(List::stream)
        .anyMatch(v -> !(v instanceof KeyValue.Literal));
  }

  /** A route kind, the shard it names and the analysis it came from. */
  record PlannedRoute(String route, String target, Analysis analysis) {
    boolean refused() {
      return route.startsWith("refused");
    }

    /** The kind without the refusal's message: {@code refused 0A000}. */
    String kind() {
      return refused() ? route.substring(0, route.indexOf(' ', "refused: ".length())).replace(":", "") : route;
    }
  }
}
