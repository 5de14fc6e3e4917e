package io.shardgate.router.fanout;

import org.apache.calcite.sql.SqlNode;

/**
 * One entry of the client's select list: its tokens, the tokens of its expression (without {@code AS alias}),
 * Calcite's node for the expression, and the column name PostgreSQL gives it.
 *
 * @param star {@code *} or {@code t.*}: any number of columns, known only when the shards answer
 */
record SelectItem(int index, Span span, Span expression, SqlNode node, String alias, String outputName,
                  boolean star) {}
