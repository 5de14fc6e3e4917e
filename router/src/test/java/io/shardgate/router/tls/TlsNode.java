package io.shardgate.router.tls;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.LocalPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Turns TLS on for a running test node: its certificate and key in the data folder, ssl = on, reload. */
final class TlsNode {
  private TlsNode() {}

  static void enable(LocalPostgres node, TestCertificates cert) throws Exception {
    Path dir = node.dataDir();
    Files.copy(cert.cert(), dir.resolve("server.crt"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(cert.key(), dir.resolve("server.key"), StandardCopyOption.REPLACE_EXISTING);
    // PostgreSQL refuses a key file that group or others may read.
    Files.setPosixFilePermissions(dir.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
    LocalCluster.execute(node, "postgres", "ALTER SYSTEM SET ssl = on");
    LocalCluster.execute(node, "postgres", "SELECT pg_reload_conf()");
  }
}
