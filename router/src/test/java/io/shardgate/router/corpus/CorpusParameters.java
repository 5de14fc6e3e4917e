package io.shardgate.router.corpus;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Values for the {@code $n} of corpus statements, by statement id, in text form ({@code $1} first). They are
 * sent as untyped strings (pgJDBC {@code stringtype=unspecified}), so the server infers each parameter's
 * type from the statement, as it does for drivers that send text parameters. Values pick rows of
 * {@link CorpusData}: tenant 42 for tenant keys, existing ids for ids.
 */
final class CorpusParameters {
  private CorpusParameters() {}

  private static final Map<String, List<String>> VALUES = Map.ofEntries(
      Map.entry("pgb_tpcb_upd_acc", List.of("5", "3")),
      Map.entry("pgb_tpcb_upd_tel", List.of("5", "1")),
      Map.entry("pgb_tpcb_upd_br", List.of("5", "1")),
      Map.entry("pgb_tpcb_ins_hist", List.of("1", "1", "3", "5")),
      Map.entry("hib_find_by_id", List.of("1001")),
      Map.entry("hib_paging", List.of("42", "paid", "0", "10")),
      Map.entry("rails_count", List.of("42", "paid")),
      Map.entry("sqla_asyncpg", List.of("42", "a@example.com")),
      Map.entry("prisma_relation", List.of("1", "0")),
      Map.entry("prisma_count", List.of("true", "0")),
      Map.entry("node_pg_range", List.of("42", "2024-01-01 00:00:00+00", "2031-01-01 00:00:00+00")),
      Map.entry("kw_key_value", List.of("42", "theme")),
      Map.entry("kw_year_month", List.of("42", "2024", "4")),
      Map.entry("join_10_line", List.of("42", "2024-01-01 00:00:00+00")),
      Map.entry("row_in", List.of("42", "1001", "42", "1002")),
      Map.entry("exists_sub", List.of("42")),
      Map.entry("hib_delete", List.of("1")),
      Map.entry("rails_update", List.of("New Name", "2024-06-01 00:00:00+00", "1001")),
      Map.entry("sqla_insertmany", List.of("42", "new1@example.com", "N1", "42", "new2@example.com", "N2")),
      Map.entry("prisma_update", List.of("true", "2")),
      Map.entry("prisma_upsert", List.of("u1@example.com", "Uma2", "Uma3", "u1@example.com")),
      Map.entry("on_conflict_constraint", List.of("42", "theme", "light")),
      Map.entry("delete_using", List.of("42")),
      Map.entry("update_returning", List.of("10.00", "1", "42")),
      Map.entry("insert_multirow_params", Arrays.asList("42", "1001", "click", "{\"type\": \"click\"}",
          "42", "1002", "view", "{}", "42", null, "zoom", null)),
      Map.entry("insert_select", List.of("1001", "42")),
      Map.entry("insert_default_kw", List.of("42", "new")),
      Map.entry("merge_values", List.of("1", "5.00")),
      Map.entry("update_subquery", List.of("1", "42")),
      Map.entry("update_row_ctor", List.of("Renamed", "1001")),
      Map.entry("for_update", List.of("1")),
      Map.entry("skip_locked", List.of("default")),
      Map.entry("nowait", List.of("1", "2")),
      Map.entry("for_share", List.of("1")),
      Map.entry("hib_no_key_update", List.of("1")),
      Map.entry("advisory_xact", List.of("42")),
      Map.entry("advisory_try", List.of("orders-42")),
      Map.entry("cte_simple", List.of("42")),
      Map.entry("cte_transfer", List.of("10.00", "1", "2")),
      Map.entry("cte_get_or_create", List.of("42", "a@example.com")),
      Map.entry("cte_update_select", List.of("42")),
      Map.entry("cast_param", List.of("2024-01-06 00:00:00+00")),
      Map.entry("ilike", List.of("42", "%widget%")),
      Map.entry("any_array_param", List.of("{1001,1003}")),
      Map.entry("json_arrows", List.of("1001")),
      Map.entry("jsonb_concat_update", List.of("light", "1001")),
      Map.entry("is_not_distinct", List.of("42")),
      Map.entry("filter_agg", List.of("42")),
      Map.entry("distinct_on", List.of("42")),
      Map.entry("lateral_cross", List.of("42")),
      Map.entry("unnest_multi", List.of("{1,2}", "{a,ü}")),
      Map.entry("fts", List.of("widget")),
      Map.entry("array_subquery", List.of("42")),
      Map.entry("array_index", List.of("1001")),
      Map.entry("row_number", List.of("42")),
      Map.entry("percentile", List.of("42")),
      Map.entry("hint_leading", List.of("1")),
      Map.entry("pg_hint_plan_lead", List.of("1")),
      Map.entry("trailing_line_comment", List.of("1001")),
      Map.entry("pg_notify", List.of("order 1 shipped")),
      Map.entry("pgjdbc_typeinfo", List.of("23")));

  /** The values for {@code s}'s parameters; fails when the statement has parameters and no values are listed. */
  static List<String> of(CorpusStatement s) {
    int count = s.parameterCount();
    if (count == 0) {
      return List.of();
    }
    List<String> values = VALUES.get(s.id());
    if (values == null || values.size() != count) {
      throw new IllegalStateException("corpus statement " + s.id() + " has " + count
          + " parameters; CorpusParameters lists "
          + (values == null ? "none" : values.size()));
    }
    return values;
  }
}
