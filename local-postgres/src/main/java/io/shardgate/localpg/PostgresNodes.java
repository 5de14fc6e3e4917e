package io.shardgate.localpg;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a running {@link LocalCluster} of {@link #value()} nodes as a parameter.
 * Clusters are shared by every class of a test run that asks for the same node count; each class
 * makes its own databases ({@link LocalCluster#createDatabase}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PostgresExtension.class)
public @interface PostgresNodes {
  /** How many PostgreSQL servers. */
  int value() default 1;
}
