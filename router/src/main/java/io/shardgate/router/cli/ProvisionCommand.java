package io.shardgate.router.cli;

import io.shardgate.topology.Provisioner;
import io.shardgate.topology.TopologyLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `shardgate provision`: creates the shard schemas and their views on every node (idempotent). */
@Command(name = "provision", mixinStandardHelpOptions = true,
    description = "Create the shard schemas and views the config describes on every node. Safe to run again.")
final class ProvisionCommand implements Callable<Integer> {
  @Option(names = {"-c", "--config"}, required = true, description = "Topology config file (YAML).")
  Path config;

  @Override
  public Integer call() {
    System.out.println(new Provisioner(TopologyLoader.load(config)).provision());
    return 0;
  }
}
