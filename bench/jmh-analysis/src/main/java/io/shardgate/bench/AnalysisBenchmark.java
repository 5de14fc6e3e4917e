package io.shardgate.bench;

import io.shardgate.sql.analysis.Analysis;
import io.shardgate.sql.analysis.CachingAnalyzer;
import io.shardgate.sql.analysis.ShardKeyCatalog;
import io.shardgate.sql.analysis.StatementAnalyzer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Statement analysis per statement: uncached, through the cache on a miss, and through the cache on a hit.
 * Each invocation takes the next of {@link #VARIANTS} texts of one shape that differ only in literal values,
 * so a hit really re-instantiates the cached shape with new literals.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AnalysisBenchmark {

    /** The point select; {@code %1$d} is the key. */
    static final String POINT_SELECT = "SELECT * FROM users WHERE id = %1$d";

    /** Statement {@code join_10_line} of shared/sql-corpus/statements.sql with its literals as placeholders. */
    static final String JOIN_10_LINE = """
            SELECT o.id, o.status, o.total, u.email, p.name AS product_name,
                   i.quantity, i.unit_price, c.name AS category
            FROM orders o
            JOIN users u ON u.id = o.user_id AND u.tenant_id = o.tenant_id
            JOIN order_items i ON i.order_id = o.id
            JOIN products p ON p.id = i.product_id
            LEFT JOIN categories c ON c.id = p.category_id
            WHERE o.tenant_id = $1 AND o.created_at >= $2
              AND o.status IN ('paid%1$d', 'shipped%1$d')
            ORDER BY o.created_at DESC LIMIT %2$d""";

    static final int VARIANTS = 1024;

    /** The shard keys of the corpus's schema as a router would configure them. */
    static final ShardKeyCatalog CATALOG = table -> Optional.ofNullable(Map.of(
            "users", "id",
            "orders", "user_id",
            "order_items", "tenant_id",
            "products", "tenant_id",
            "categories", "tenant_id").get(table));

    @Param({"point_select", "join_10_line"})
    public String statement;

    private String[] texts;
    private int next;
    private StatementAnalyzer direct;
    private CachingAnalyzer cached;

    @Setup
    public void setUp() {
        texts = new String[VARIANTS];
        for (int i = 0; i < VARIANTS; i++) {
            texts[i] = "point_select".equals(statement)
                    ? POINT_SELECT.formatted(1_000_000 + i)
                    : JOIN_10_LINE.formatted(i, 100 + i);
        }
        direct = new StatementAnalyzer(CATALOG);
        cached = new CachingAnalyzer(CATALOG);
        cached.analyze(texts[0]);
    }

    private String nextText() {
        next = (next + 1) & (VARIANTS - 1);
        return texts[next];
    }

    /** The analyzer alone, no cache. */
    @Benchmark
    public Analysis uncached() {
        return direct.analyze(nextText());
    }

    /** A cache miss: emptying a one-entry cache, then lexing, normalising, analysing, extracting the shape and storing it. */
    @Benchmark
    public Analysis cacheMiss() {
        cached.invalidateAll();
        return cached.analyze(nextText());
    }

    /** A cache hit: lexing, normalising, one lookup and rebinding this statement's literals. */
    @Benchmark
    public Analysis cacheHit() {
        return cached.analyze(nextText());
    }
}
