package io.shardgate.router.frontend;

import io.shardgate.router.errors.Errors;
import io.shardgate.router.errors.SqlError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A client's session state (startup parameters and SET / RESET statements). Backend connections are
 * shared between clients, so the state lives here and is re-applied to whichever backend connection
 * the client gets: the script is replayed when the connection's applied script differs.
 */
final class SessionSettings {
  /** Startup parameters that are part of the protocol, not settings. */
  private static final java.util.Set<String> PROTOCOL_PARAMETERS =
      java.util.Set.of("user", "database", "replication", "options", "client_encoding");
  private static final Pattern LEADING_COMMENTS = Pattern.compile("^(\\s|--[^\\n]*(\\n|$)|/\\*.*?\\*/)*", Pattern.DOTALL);
  private static final Pattern TRANSACTION_SCOPED =
      Pattern.compile("^set\\s+(local\\b|transaction\\b|session\\s+characteristics\\b|constraints\\b)");
  private static final Pattern FORBIDDEN =
      Pattern.compile("^(set|reset)\\s+(session\\s+)?(search_path\\b|schema\\b|role\\b|session\\s+authorization\\b)");
  private static final int MAX_STATEMENTS = 200;

  private final List<String> statements = new ArrayList<>();
  private String script = "";

  /**
   * Starts from the client's startup parameters: every setting it sends (application_name, DateStyle,
   * statement_timeout...) and each {@code -c name=value} of {@code options} becomes a SET replayed on
   * its backend connections; the ones that would break shard isolation are refused.
   */
  SessionSettings(Map<String, String> startup) {
    for (Map.Entry<String, String> e : startup.entrySet()) {
      if (!PROTOCOL_PARAMETERS.contains(e.getKey().toLowerCase(Locale.ROOT))) {
        add(e.getKey(), e.getValue());
      }
    }
    String options = startup.get("options");
    if (options != null) {
      List<String> words = splitOptions(options);
      for (int i = 0; i < words.size(); i++) {
        String w = words.get(i);
        String setting = null;
        if (w.equals("-c") && i + 1 < words.size()) {
          setting = words.get(++i);
        } else if (w.startsWith("-c") && w.length() > 2) {
          setting = w.substring(2);
        } else if (w.startsWith("--")) {
          setting = w.substring(2);
        }
        int eq = setting == null ? -1 : setting.indexOf('=');
        if (eq <= 0) {
          throw new SqlError(Errors.FEATURE_NOT_SUPPORTED, "startup option \"" + w + "\" is not supported", null,
              "Shardgate accepts only -c name=value in options.");
        }
        add(setting.substring(0, eq).replace('-', '_'), setting.substring(eq + 1));
      }
    }
    rebuild();
  }

  private void add(String name, String value) {
    String statement = "SET " + quoteIdent(name) + " = " + quote(value);
    classify(statement); // refuses search_path, role and session authorization
    statements.add(statement);
  }

  /** Splits a startup options string at unescaped spaces (a backslash escapes the next character). */
  private static List<String> splitOptions(String options) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    for (int i = 0; i < options.length(); i++) {
      char c = options.charAt(i);
      if (c == '\\' && i + 1 < options.length()) {
        w.append(options.charAt(++i));
      } else if (Character.isWhitespace(c)) {
        if (w.length() > 0) {
          words.add(w.toString());
          w.setLength(0);
        }
      } else {
        w.append(c);
      }
    }
    if (w.length() > 0) {
      words.add(w.toString());
    }
    return words;
  }

  private static String quoteIdent(String name) {
    return name.matches("[A-Za-z_][A-Za-z0-9_.]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** The script that gives a backend connection this session's state ("" when none). */
  String script() {
    return script;
  }

  /** How a SET or RESET statement is handled. */
  enum Kind { TRANSACTION_SCOPED, SESSION }

  /** Classifies a SET/RESET statement, refusing the ones that would break shard isolation. */
  static Kind classify(String statement) {
    String s = LEADING_COMMENTS.matcher(statement).replaceFirst("").toLowerCase(Locale.ROOT);
    if (FORBIDDEN.matcher(s).find()) {
      throw new SqlError(Errors.FEATURE_NOT_SUPPORTED, "this SET is not supported through Shardgate: "
          + abbreviate(statement),
          "search_path, role and session authorization decide which tables a shard connection sees.",
          "Connect as the intended user; schema-qualify names of unsharded tables instead of changing search_path.");
    }
    return TRANSACTION_SCOPED.matcher(s).find() ? Kind.TRANSACTION_SCOPED : Kind.SESSION;
  }

  /** Records a session-level SET or RESET that a node accepted. */
  void record(String statement) {
    String s = LEADING_COMMENTS.matcher(statement).replaceFirst("").toLowerCase(Locale.ROOT);
    if (s.matches("(?s)^reset\\s+all\\s*$")) {
      statements.clear();
    } else {
      if (statements.size() >= MAX_STATEMENTS) {
        throw new SqlError("54000", "too many SET statements in one session (" + MAX_STATEMENTS + ")",
            "Shardgate replays a session's SET statements on each backend connection it uses.", "Use RESET ALL.");
      }
      statements.add(statement.strip());
    }
    rebuild();
  }

  /** DISCARD ALL: back to the server defaults. */
  void clear() {
    statements.clear();
    rebuild();
  }

  private void rebuild() {
    script = String.join(";\n", statements);
  }

  private static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private static String abbreviate(String s) {
    String t = s.strip();
    return t.length() > 80 ? t.substring(0, 77) + "..." : t;
  }

  /** The prelude that brings a backend connection with {@code applied} state to {@code wanted}; null if none. */
  static String prelude(String applied, String wanted) {
    if (applied.equals(wanted)) {
      return null;
    }
    if (applied.isEmpty()) {
      return wanted;
    }
    return wanted.isEmpty() ? "RESET ALL" : "RESET ALL;\n" + wanted;
  }
}
