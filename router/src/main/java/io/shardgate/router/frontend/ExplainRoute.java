package io.shardgate.router.frontend;

import io.shardgate.pgwire.message.CommandComplete;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;
import io.shardgate.router.errors.SqlError;
import io.shardgate.router.planner.BoundParameters;
import io.shardgate.router.planner.Planner;
import io.shardgate.router.planner.Route;
import io.shardgate.sql.analysis.Analysis;
import io.shardgate.sql.analysis.StatementKind;
import io.shardgate.sql.lexer.SqlLexer;
import io.shardgate.sql.lexer.Token;
import io.shardgate.topology.Colo;
import io.shardgate.topology.Node;
import io.shardgate.topology.Shard;
import io.shardgate.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code SHARDGATE EXPLAIN <statement>}: what the router would do with a statement, as rows of
 * (route, shard, node, sql) — the route kind, each shard and node it reaches and the SQL each gets;
 * a fan-out adds a row with the merge tree. Nothing is executed. {@code $n} parameters count as unknown.
 */
final class ExplainRoute {
  private ExplainRoute() {}

  /** The statement to explain, when {@code sql} starts with SHARDGATE EXPLAIN. */
  static Optional<String> inner(String sql) {
    List<Token> t = SqlLexer.significantTokens(sql);
    if (t.size() > 2 && t.get(0).isWord(sql, "shardgate") && t.get(1).isWord(sql, "explain")) {
      return Optional.of(sql.substring(t.get(2).start()));
    }
    return Optional.empty();
  }

  /** Writes the explanation as a result set. */
  static void answer(ClientSession session, String sql) {
    Topology topology = session.router().topology().get();
    List<String[]> rows = new ArrayList<>();
    try {
      Analysis analysis = session.analyze(sql);
      if ((analysis.kind() == StatementKind.DDL || Planner.runsOnEveryNode(analysis))
          && everyNodeDdl(analysis, topology)) {
        for (Node node : topology.nodes()) {
          rows.add(new String[] {"EveryNode(DDL, then shard views re-created)", null, node.name(), sql});
        }
      } else {
        Route route = Planner.plan(analysis, topology, BoundParameters.UNBOUND, sql);
        if (route instanceof Route.Scatter scatter) {
          Colo colo = topology.colo(scatter.colo()).orElseThrow();
          String shardSql;
          String merge;
          try {
            var plan = FanoutPlans.plan(sql, colo);
            shardSql = plan.shardSql();
            merge = plan.describe();
          } catch (SqlError e) {
            shardSql = sql;
            merge = "refused: " + e.sqlState() + " " + e.getMessage();
          }
          for (Shard shard : colo.shards()) {
            rows.add(new String[] {"Scatter", shard.schemaName(), shard.node(), shardSql});
          }
          rows.add(new String[] {"Merge", null, null, merge});
        } else if (route instanceof Route.EveryNode) {
          for (Node node : topology.nodes()) {
            rows.add(new String[] {route.describe(), null, node.name(), sql});
          }
        } else if (route instanceof Route.Broadcast b) {
          Colo colo = topology.colo(b.colo()).orElseThrow();
          for (int number : b.shards()) {
            Shard shard = colo.shards().get(number);
            rows.add(new String[] {"Broadcast", shard.schemaName(), shard.node(), sql});
          }
        } else if (route instanceof Route.Split split) {
          Colo colo = topology.colo(split.colo()).orElseThrow();
          split.sqlByShard().forEach((number, shardSql) -> {
            Shard shard = colo.shards().get(number);
            rows.add(new String[] {"Split", shard.schemaName(), shard.node(), shardSql});
          });
        } else if (route instanceof Route.Shard s) {
          rows.add(new String[] {"Shard", s.backend().schema(), s.backend().node(), sql});
        } else {
          rows.add(new String[] {route instanceof Route.Home ? "Home" : "Anywhere", null, route.backend().node(), sql});
        }
      }
    } catch (SqlError e) {
      rows.add(new String[] {"Refused", null, null, e.sqlState() + ": " + e.getMessage()});
    }
    session.ctx.write(new RowDescription(List.of(RowDescription.Field.text("route"), RowDescription.Field.text("shard"),
        RowDescription.Field.text("node"), RowDescription.Field.text("sql"))));
    for (String[] r : rows) {
      session.ctx.write(DataRow.ofText(r));
    }
    session.ctx.write(new CommandComplete("SELECT " + rows.size()));
  }

  private static boolean everyNodeDdl(Analysis analysis, Topology topology) {
    return analysis.tables().stream().anyMatch(t -> (t.schema() == null || "public".equals(t.schema()))
        && (topology.coloOfTable(t.name()).isPresent() || topology.isReferenceTable(t.name())));
  }
}
