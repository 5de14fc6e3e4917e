package io.shardgate.router.fanout.suite;

import java.util.List;

/**
 * One statement of the differential suite.
 *
 * @param feature the feature class it is counted under
 * @param sql the statement
 * @param order how to compare: {@code null} as multisets; empty: row for row (the ORDER BY is total); else the
 *     output columns (0-based) the ORDER BY sorts by: their sequence must be equal and the rows equal as multisets
 * @param approximate float aggregates whose last bits depend on the order of addition (compared to 12 digits)
 * @param refusal why a refusal (0A000) is expected and accepted, or null when the router must answer
 * @param parameters values for {@code ?} (run through the extended protocol)
 */
record SuiteStatement(String feature, String sql, int[] order, boolean approximate, String refusal,
                      List<Object> parameters) {
  static SuiteStatement unordered(String feature, String sql) {
    return new SuiteStatement(feature, sql, null, false, null, List.of());
  }

  static SuiteStatement total(String feature, String sql) {
    return new SuiteStatement(feature, sql, new int[0], false, null, List.of());
  }

  SuiteStatement approximately() {
    return new SuiteStatement(feature, sql, order, true, refusal, parameters);
  }

  SuiteStatement refusable(String why) {
    return new SuiteStatement(feature, sql, order, approximate, why, parameters);
  }

  SuiteStatement withParameters(Object... values) {
    return new SuiteStatement(feature, sql, order, approximate, refusal, List.of(values));
  }
}
