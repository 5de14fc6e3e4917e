package io.shardgate.router.corpus;

import java.util.Map;
import java.util.Set;

/**
 * The router bugs the corpus tests find, with their diagnosis, by corpus statement id. The tests require each
 * listed case to still fail, so a fix shows up as a failure asking to remove its entry here; any case not listed
 * fails the tests as a new bug.
 */
final class KnownBugs {
  private KnownBugs() {}

  static final String VIEW_OVER_COLO_TABLE = "View active_users is SELECT * FROM users (a colo table). The router "
      + "now refuses it at run time (0A000: the view reads sharded table users), instead of answering from the home "
      + "node's shards only; plain PostgreSQL answers, so the statement counts as a known difference until views over "
      + "colo tables can fan out";

  static final String PARENTHESISED_LITERAL = "pgJDBC 42.7.2+ inlines each parameter in parentheses in the simple "
      + "protocol (its CVE-2024-1597 fix): setString gives tenant_id = ('42'), setLong ('42'::int8). Calcite places "
      + "a parenthesised literal at its '(', and sql-parser's AstValueReader.literal reads the token at that "
      + "position, the '(' rather than the literal, so the key value is lost and the statement is refused (0A000 no "
      + "equality on the shard key) or fanned out; the cast form works (stripCasts finds the literal). The same holds "
      + "for hand-written (42), (-42) and ($1); a text key bound with setString always hits it.";

  static final String JDBC_METADATA = "pgJDBC's ResultSetMetaData (getColumnTypeName, isNullable, isAutoIncrement, "
      + "getBaseTableName) looks the RowDescription's table OID up with a catalog query. The OID is the shard view's "
      + "on the shard's node, but the router sends catalog queries to the home node: there the OID names nothing or "
      + "another shard's view (rows of tenant_0007 on n2 are described as tenant_0003.users of n1), and views have no "
      + "NOT NULL or serial defaults (bigserial reads as int8, NOT NULL as nullable). Inside a transaction pinned to a "
      + "shard on another node the catalog query is refused (0A000), so getColumnTypeName throws. Catalog-only "
      + "statements could run on the pinned backend (as Anywhere does), and the router would have to map view OIDs "
      + "to their tables.";

  /** Statements that answer differently (wrong rows or an error PostgreSQL does not give) through the router. */
  static final Map<String, String> DIFFERENTIAL = Map.of(
      "from_view", VIEW_OVER_COLO_TABLE);

  /**
   * Statements whose key arrives as {@code ('value')} (pgJDBC's simple protocol) and so are refused rather than
   * routed to their shard: in the differential test's simple protocol, and in the routing test's inlined form.
   */
  static final Set<String> PARENTHESISED_KEY = Set.of();

  /** The diagnosis of a difference of statement {@code id} in the simple ({@code simple}) or extended protocol. */
  static String differential(boolean simple, String id) {
    if (DIFFERENTIAL.containsKey(id) && !(simple && PARENTHESISED_KEY.contains(id))) {
      return DIFFERENTIAL.get(id);
    }
    return simple && PARENTHESISED_KEY.contains(id) ? PARENTHESISED_LITERAL : null;
  }
}
