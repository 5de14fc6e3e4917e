package io.shardgate.router.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `shardgate` command line: serve, provision, demo. */
@Command(name = "shardgate", mixinStandardHelpOptions = true, version = "shardgate 0.1.0",
    description = "A PostgreSQL sharding router.",
    subcommands = {ServeCommand.class, ProvisionCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class ShardgateCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ShardgateCommand()).execute(args));
  }
}
