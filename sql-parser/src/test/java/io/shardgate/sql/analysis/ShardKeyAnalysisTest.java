package io.shardgate.sql.analysis;

import static io.shardgate.sql.analysis.KeyValues.array;
import static io.shardgate.sql.analysis.KeyValues.lit;
import static io.shardgate.sql.analysis.KeyValues.param;
import static io.shardgate.sql.analysis.KeyValues.unknown;
import static io.shardgate.sql.analysis.KeyValues.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Shard key values from statements Calcite parses. */
class ShardKeyAnalysisTest {

    private static Analysis parsed(String sql) {
        Analysis a = TestCatalog.ANALYZER.analyze(sql);
        assertTrue(a.parsed(), () -> "Calcite should parse: " + sql);
        return a;
    }

    private static Optional<List<KeyValue>> keys(String sql, String table) {
        return parsed(sql).shardKeyValues(table);
    }

    @Test
    void pointSelectByLiteralAndByParameter() {
        assertEquals(values(lit("42")), keys("SELECT * FROM users WHERE id = 42", "users"));
        assertEquals(values(param(1)), keys("SELECT * FROM users WHERE id = $1", "users"));
        assertEquals(values(lit("42")), keys("SELECT * FROM users WHERE 42 = id", "users"));
        assertEquals(values(lit("abc")), keys("SELECT * FROM users WHERE id = 'abc'", "users"));
        assertEquals(values(lit("-5")), keys("SELECT * FROM users WHERE id = -5", "users"));
    }

    @Test
    void parenthesisedValuesAsPgJdbcSimpleModeSendsThem() {
        assertEquals(Optional.of(List.of(new KeyValue.Literal("42"))), keys("SELECT * FROM users WHERE id = ('42')", "users"));
        assertEquals(Optional.of(List.of(new KeyValue.Literal("42"))), keys("SELECT * FROM users WHERE id = ('42'::int8)", "users"));
        assertEquals(Optional.of(List.of(new KeyValue.Literal("7"))), keys("UPDATE users SET name = 'x' WHERE id = ((7))", "users"));
        assertEquals(Optional.of(List.of(new KeyValue.Parameter(1))), keys("DELETE FROM users WHERE id = ($1)", "users"));
    }

    @Test
    void literalsInEveryQuotingFormAreDecoded() {
        assertEquals(values(lit("42")), keys("SELECT * FROM users WHERE id = E'4\\x32'", "users"));
        assertEquals(values(lit("42")), keys("SELECT * FROM users WHERE id = $$42$$", "users"));
        assertEquals(values(lit("42")), keys("SELECT * FROM users WHERE id = 0x2A", "users"));
        assertEquals(values(lit("it's")), keys("SELECT * FROM users WHERE id = 'it''s'", "users"));
    }

    @Test
    void castsOnTheValueSide() {
        assertEquals(values(param(1)), keys("SELECT * FROM users WHERE id = $1::bigint", "users"));
        assertEquals(values(lit("42")), keys("SELECT * FROM users WHERE id = '42'::int8", "users"));
        assertEquals(values(param(2)), keys("SELECT * FROM users WHERE id = CAST($2 AS bigint)", "users"));
        assertEquals(values(param(1)), keys("SELECT * FROM users WHERE $1::int8 = id", "users"));
    }

    @Test
    void functionsOrCastsOfTheKeyAreUnknown() {
        assertEquals(unknown(), keys("SELECT * FROM users WHERE id::text = '5'", "users"));
        assertEquals(unknown(), keys("SELECT * FROM users WHERE abs(id) = 5", "users"));
        assertEquals(unknown(), keys("SELECT * FROM users WHERE id + 0 = 5", "users"));
        assertEquals(unknown(), keys("SELECT * FROM users WHERE id = 5 + 1", "users"));
        assertEquals(unknown(), keys("SELECT * FROM users WHERE id = other_column", "users"));
    }

    @Test
    void orInequalityAndNotAreUnknown() {
        assertEquals(unknown(), keys("SELECT * FROM users WHERE id = 1 OR id = 2", "users"));
        assertEquals(unknown(), keys("SELECT * FROM users WHERE id = 1 AND x = 2 OR y = 3", "users"));
        assertEquals(unknown(), keys("SELECT * FROM users WHERE id > 5", "users"));
        assertEquals(unknown(), keys("SELECT * FROM users WHERE id <> 5", "users"));
        assertEquals(unknown(), keys("SELECT * FROM users WHERE NOT (id = 5)", "users"));
        assertEquals(unknown(), keys("SELECT * FROM users WHERE id NOT IN (1, 2)", "users"));
        assertEquals(unknown(), keys("SELECT * FROM users", "users"));
        assertEquals(unknown(), keys("SELECT * FROM users WHERE id = ?", "users"));
    }

    @Test
    void andedConjunctsAtAnyNestingOfParentheses() {
        assertEquals(values(lit("7")), keys("SELECT * FROM users WHERE name = 'x' AND id = 7 AND created_at > now()", "users"));
        assertEquals(values(lit("7")), keys("SELECT * FROM users WHERE (name = 'x' AND (id = 7))", "users"));
        assertEquals(values(lit("7")), keys("SELECT * FROM users WHERE id = 7 AND (a = 1 OR b = 2)", "users"));
    }

    @Test
    void inListsAndAny() {
        assertEquals(values(lit("1"), lit("2"), param(3)), keys("SELECT * FROM users WHERE id IN (1, 2, $3, 1)", "users"));
        assertEquals(values(array(1)), keys("SELECT * FROM users WHERE id = ANY($1)", "users"));
        assertEquals(values(array(1)), keys("SELECT * FROM users WHERE id = ANY($1::bigint[])", "users"));
        assertEquals(values(lit("1"), lit("2")), keys("SELECT * FROM users WHERE id = ANY(ARRAY[1, 2])", "users"));
        assertEquals(values(param(2), param(4)), keys("SELECT * FROM users WHERE (tenant_id, id) IN (($1, $2), ($3, $4))", "users"));
        assertEquals(values(lit("3")), keys("SELECT * FROM users WHERE id IN (1, 2) AND id = 3", "users"));
    }

    @Test
    void quotedIdentifiersKeepTheirCase() {
        String prisma = "SELECT \"public\".\"Post\".\"id\" FROM \"public\".\"Post\" WHERE \"public\".\"Post\".\"authorId\" = $1";
        Analysis a = parsed(prisma);
        assertEquals(List.of(new TableRef("public", "Post", null)), a.tables());
        assertEquals(values(param(1)), a.shardKeyValues("Post"));
        assertEquals(unknown(), keys("SELECT * FROM \"Post\" WHERE authorId = 1", "Post"));
        assertEquals(values(param(1)), keys("SELECT * FROM \"users\" WHERE \"users\".\"id\" = $1", "users"));
        Analysis upper = parsed("SELECT * FROM \"Users\" WHERE id = 1");
        assertEquals(List.of(TableRef.of("Users")), upper.tables());
        assertEquals(unknown(), upper.shardKeyValues("users"));
        assertEquals(List.of(TableRef.of("users")), parsed("SELECT * FROM USERS").tables());
    }

    @Test
    void aliasesAndSchemaQualifiedNames() {
        Analysis a = parsed("SELECT u.name FROM users u WHERE u.id = $1");
        assertEquals(List.of(new TableRef(null, "users", "u")), a.tables());
        assertEquals(values(param(1)), a.shardKeyValues("users"));
        assertEquals(values(lit("3")), keys("SELECT * FROM users AS x WHERE x.id = 3", "users"));
        assertEquals(unknown(), keys("SELECT * FROM users u, orders o WHERE o.id = 5", "users"));
        Analysis s = parsed("SELECT * FROM public.users WHERE public.users.id = 1");
        assertEquals(List.of(new TableRef("public", "users", null)), s.tables());
        assertEquals(values(lit("1")), s.shardKeyValues("users"));
        assertEquals(values(lit("1")), keys("SELECT * FROM public.users WHERE users.id = 1", "users"));
    }

    @Test
    void joinsPropagateEqualKeys() {
        Analysis a = parsed("SELECT * FROM users u JOIN orders o ON o.user_id = u.id WHERE u.id = $1");
        assertEquals(List.of(new TableRef(null, "users", "u"), new TableRef(null, "orders", "o")), a.tables());
        assertEquals(values(param(1)), a.shardKeyValues("users"));
        assertEquals(values(param(1)), a.shardKeyValues("orders"));
        assertEquals(values(lit("9")), keys("SELECT * FROM users u, orders o WHERE u.id = o.user_id AND o.user_id = 9", "users"));
        Analysis ambiguous = parsed("SELECT * FROM users u JOIN orders o ON true WHERE id = 1");
        assertEquals(unknown(), ambiguous.shardKeyValues("users"));
        // An outer join's ON clause does not restrict the preserved side; conservatively unknown on both sides.
        Analysis left = parsed("SELECT * FROM users u LEFT JOIN orders o ON o.user_id = u.id AND u.id = 4 WHERE true");
        assertEquals(unknown(), left.shardKeyValues("users"));
        assertEquals(unknown(), left.shardKeyValues("orders"));
    }

    @Test
    void everyOccurrenceOfATableMustBeRestricted() {
        assertEquals(values(lit("1")), keys("SELECT * FROM users a JOIN users b ON a.id = b.id WHERE a.id = 1", "users"));
        assertEquals(unknown(), keys("SELECT * FROM users a, users b WHERE a.id = 1", "users"));
        assertEquals(values(lit("1"), lit("2")),
                keys("SELECT id FROM users WHERE id = 1 UNION SELECT id FROM users WHERE id = 2", "users"));
        assertEquals(unknown(), keys("SELECT id FROM users WHERE id = 1 UNION SELECT id FROM users", "users"));
    }

    @Test
    void subqueriesInheritFromTheirOuterQueryOnly() {
        Analysis exists = parsed("SELECT * FROM users u WHERE u.id = 1 AND EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)");
        assertEquals(List.of(new TableRef(null, "users", "u"), new TableRef(null, "orders", "o")), exists.tables());
        assertEquals(values(lit("1")), exists.shardKeyValues("orders"));
        Analysis notExists = parsed("SELECT * FROM users u WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.user_id = 5)");
        assertEquals(unknown(), notExists.shardKeyValues("users"));
        assertEquals(values(lit("5")), notExists.shardKeyValues("orders"));
        assertEquals(values(lit("3")), keys("SELECT * FROM (SELECT * FROM orders WHERE user_id = 3) AS o", "orders"));
        assertEquals(unknown(), keys("SELECT * FROM (SELECT * FROM orders) AS o WHERE o.user_id = 3", "orders"));
    }

    @Test
    void cteNamesAreNotTables() {
        Analysis a = parsed("WITH x AS (SELECT * FROM users WHERE id = $1) SELECT * FROM x JOIN orders o ON o.user_id = 2");
        assertEquals(List.of(TableRef.of("users"), new TableRef(null, "orders", "o")), a.tables());
        assertEquals(values(param(1)), a.shardKeyValues("users"));
        assertEquals(values(lit("2")), a.shardKeyValues("orders"));
    }

    @Test
    void insertValuesByColumnPosition() {
        assertEquals(values(param(1)), keys("INSERT INTO users (id, name) VALUES ($1, $2)", "users"));
        assertEquals(values(lit("1"), lit("2")), keys("INSERT INTO users (name, id) VALUES ('a', 1), ('b', 2), ('c', 1)", "users"));
        assertEquals(values(param(1), param(5), param(9)),
                keys("INSERT INTO events (tenant_id, user_id, kind, payload) VALUES ($1,$2,$3,$4),($5,$6,$7,$8),($9,$10,$11,$12)", "events"));
        assertEquals(values(param(1)), keys("INSERT INTO users (id, name) VALUES ($1::bigint, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name RETURNING id", "users"));
    }

    @Test
    void insertKeyUnknownWithoutColumnListOrWithDefaultOrExpression() {
        assertEquals(unknown(), keys("INSERT INTO users VALUES (1, 'a')", "users"));
        assertEquals(unknown(), keys("INSERT INTO users (id, name) VALUES (DEFAULT, 'a')", "users"));
        assertEquals(unknown(), keys("INSERT INTO users (id, name) VALUES ($1 + 1, 'a')", "users"));
        assertEquals(unknown(), keys("INSERT INTO users (id, name) VALUES (1, 'a'), (nextval('s'), 'b')", "users"));
        assertEquals(unknown(), keys("INSERT INTO users (name) VALUES ('a')", "users"));
        Analysis select = parsed("INSERT INTO users (id, name) SELECT user_id, 'x' FROM orders WHERE user_id = 5");
        assertEquals(List.of(TableRef.of("users"), TableRef.of("orders")), select.tables());
        // users.id takes orders.user_id, orders' shard key, which is 5
        assertEquals(values(lit("5")), select.shardKeyValues("users"));
        assertEquals(values(lit("5")), select.shardKeyValues("orders"));
    }

    @Test
    void updateAndDeleteWithKey() {
        assertEquals(values(param(2)), keys("UPDATE users SET name = $1 WHERE id = $2", "users"));
        assertEquals(values(lit("3")), keys("UPDATE users AS u SET name = 'x' WHERE u.id = 3", "users"));
        assertEquals(unknown(), keys("UPDATE users SET name = 'x'", "users"));
        assertEquals(values(param(1), param(2)), keys("DELETE FROM orders WHERE user_id IN ($1, $2)", "orders"));
        assertEquals(values(param(1)), keys("DELETE FROM orders WHERE user_id = $1 RETURNING id", "orders"));
        assertEquals(unknown(), keys("DELETE FROM orders", "orders"));
        Analysis sub = parsed("UPDATE users SET n = (SELECT count(*) FROM orders o WHERE o.user_id = users.id) WHERE id = 8");
        assertEquals(values(lit("8")), sub.shardKeyValues("users"));
        assertEquals(values(lit("8")), sub.shardKeyValues("orders"));
    }

    @Test
    void mergeTargetKnownOnlyWithoutInsertBranch() {
        assertEquals(values(param(1)), keys("MERGE INTO accounts a USING (VALUES (1)) AS v(x) ON a.id = $1 WHEN MATCHED THEN UPDATE SET balance = 0", "accounts"));
        assertEquals(unknown(), keys("MERGE INTO accounts a USING (VALUES ($1::bigint, $2::numeric)) AS v(id, amount) ON a.id = v.id "
                + "WHEN MATCHED THEN UPDATE SET balance = a.balance + v.amount WHEN NOT MATCHED THEN DO NOTHING", "accounts"));
        assertEquals(unknown(), keys("MERGE INTO accounts a USING src s ON a.id = 1 WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id)", "accounts"));
    }

    @Test
    void explainAndCopyAnalyseTheirQuery() {
        Analysis explain = parsed("EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM users WHERE id = 9");
        assertEquals(StatementKind.EXPLAIN, explain.kind());
        assertEquals(values(lit("9")), explain.shardKeyValues("users"));
        Analysis copy = parsed("COPY (SELECT * FROM users WHERE id = 9) TO STDOUT WITH (FORMAT binary)");
        assertEquals(StatementKind.COPY, copy.kind());
        assertEquals(values(lit("9")), copy.shardKeyValues("users"));
    }

    @Test
    void commentsHintsAndPostgresSyntaxDoNotDisturbPositions() {
        String sql = "/* shard_key=42 */\tSELECT profile->>'city', tags\n  FROM users -- comment; with semicolon\n"
                + "WHERE id = $1 AND email ~* 'x' AND payload @> '{}'::jsonb AND created_at > now() - interval '1 day' FOR UPDATE";
        Analysis a = parsed(sql);
        assertEquals(List.of(TableRef.of("users")), a.tables());
        assertEquals(values(param(1)), a.shardKeyValues("users"));
    }

    @Test
    void parametersAreDistinctAndSorted() {
        Analysis a = TestCatalog.ANALYZER.analyze("SELECT $2, $1 FROM users WHERE id = $2 AND x = $10");
        assertEquals(List.of(1, 2, 10), a.parameters());
    }

    @Test
    void onlyIsNotATableName() {
        Analysis a = parsed("SELECT * FROM ONLY users WHERE id = 1 FETCH FIRST 1 ROWS ONLY");
        assertEquals(List.of(TableRef.of("users")), a.tables());
        assertEquals(values(lit("1")), a.shardKeyValues("users"));
    }

    @Test
    void unshardedOrUnreferencedTablesHaveNoValues() {
        Analysis a = parsed("SELECT * FROM products WHERE id = 1");
        assertEquals(unknown(), a.shardKeyValues("products"));
        assertEquals(unknown(), a.shardKeyValues("users"));
    }
}
