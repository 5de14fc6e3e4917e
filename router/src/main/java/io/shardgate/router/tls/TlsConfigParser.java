package io.shardgate.router.tls;

import io.shardgate.router.auth.AuthErrors;
import io.shardgate.router.auth.ConfigSection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the optional top-level {@code tls} section of the router's config file:
 * <pre>
 * tls:
 *   mode: disabled                # disabled (default) | optional | required
 *   cert: /path/server.crt        # PEM; needed unless mode is disabled
 *   key: /path/server.key         # PEM, PKCS#8 ("BEGIN PRIVATE KEY"), unencrypted
 *   backend_mode: disabled        # disabled (default; also "disable") | prefer | require | verify-ca | verify-full
 *   backend_root_cert: /path/root.crt   # PEM; needed for verify-ca and verify-full
 * </pre>
 * Relative paths are resolved against the config file's directory. Files that are named must be
 * readable. Errors are SqlErrors with SQLSTATE F0000 naming the problem.
 */
public final class TlsConfigParser {
  private static final Set<String> TLS_KEYS = Set.of("mode", "cert", "key", "backend_mode", "backend_root_cert");

  private TlsConfigParser() {}

  /** Reads the tls section of the config file {@code file}. */
  public static TlsConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw AuthErrors.invalidConfig("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(text, dir);
  }

  /** Reads the tls section of a YAML config document, relative paths against {@code baseDir}. */
  public static TlsConfig parse(String yaml, Path baseDir) {
    ConfigSection tls = ConfigSection.topLevel(yaml, "tls").orElse(null);
    if (tls == null) {
      return TlsConfig.DISABLED;
    }
    tls.onlyKeys(TLS_KEYS);
    TlsMode mode = choice(tls, "mode", TlsMode.values(), TlsMode::configName, TlsMode.DISABLED);
    BackendTlsMode backendMode =
        choice(tls, "backend_mode", BackendTlsMode.values(), BackendTlsMode::configName, BackendTlsMode.DISABLED);
    Optional<Path> cert = file(tls, "cert", baseDir);
    Optional<Path> key = file(tls, "key", baseDir);
    Optional<Path> root = file(tls, "backend_root_cert", baseDir);
    try {
      return new TlsConfig(mode, cert, key, backendMode, root);
    } catch (IllegalArgumentException e) {
      throw tls.error(e.getMessage());
    }
  }

  private static <E> E choice(ConfigSection tls, String key, E[] values, Function<E, String> name, E fallback) {
    Optional<String> text = tls.optionalText(key);
    if (text.isEmpty()) {
      return fallback;
    }
    String wanted = text.get().toLowerCase(Locale.ROOT);
    if (wanted.equals("disable")) {
      wanted = "disabled"; // libpq's sslmode spelling
    }
    String chosen = wanted;
    return Arrays.stream(values).filter(v -> name.apply(v).equals(chosen)).findFirst()
        .orElseThrow(() -> tls.error("unknown " + key + " \"" + text.get() + "\" (allowed: "
            + Arrays.stream(values).map(name).collect(Collectors.joining(", ")) + ")"
            + (chosen.equals("true") || chosen.equals("false")
                ? "; YAML reads unquoted on, off, yes and no as true and false" : "")));
  }

  private static Optional<Path> file(ConfigSection tls, String key, Path baseDir) {
    Optional<String> text = tls.optionalText(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Path path = baseDir.resolve(text.get());
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw tls.error(key + " file " + path + (Files.exists(path) ? " is not a readable file" : " does not exist"));
    }
    return Optional.of(path);
  }
}
