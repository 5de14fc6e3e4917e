package io.shardgate.localpg;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** JUnit 5 extension behind {@link PostgresNodes}: starts clusters once per run, stops them at its end. */
public final class PostgresExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PostgresExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    int nodes = context.getRequiredTestClass().isAnnotationPresent(PostgresNodes.class)
        ? context.getRequiredTestClass().getAnnotation(PostgresNodes.class).value()
        : 1;
    return context.getRoot().getStore(NS)
        .getOrComputeIfAbsent("cluster-" + nodes, k -> new ClosableCluster(LocalCluster.startThrowaway(nodes)),
            ClosableCluster.class)
        .cluster();
  }

  /** Lets the root store close the cluster when the test run ends. */
  record ClosableCluster(LocalCluster cluster) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      cluster.close();
    }
  }
}
