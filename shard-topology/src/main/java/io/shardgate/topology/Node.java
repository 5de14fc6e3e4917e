package io.shardgate.topology;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Properties;

/** One PostgreSQL database that holds shards: where it is and whom to log in as. The password may be null. */
public record Node(String name, String host, int port, String database, String user, String password) {
  /** The port when a URL names none. */
  public static final int DEFAULT_PORT = 5432;

  /** Checks the parts. */
  public Node {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(user, "user");
    if (port < 1 || port > 65535) {
      throw new TopologyException("node " + name + ": port " + port + " is not between 1 and 65535");
    }
  }

  /**
   * Reads {@code postgresql://user[:password]@host[:port]/database} (also {@code postgres://});
   * user, password and database may be percent-encoded, an IPv6 host is written in brackets.
   */
  public static Node parse(String name, String url) {
    String problem = "node " + name + ": bad url '" + redact(url) + "', expected postgresql://user[:password]@host[:port]/database";
    String rest;
    if (url != null && url.startsWith("postgresql://")) {
      rest = url.substring("postgresql://".length());
    } else if (url != null && url.startsWith("postgres://")) {
      rest = url.substring("postgres://".length());
    } else {
      throw new TopologyException(problem);
    }
    if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
      throw new TopologyException(problem + " (query parameters such as ?sslmode are not supported)");
    }
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String database = slash < 0 ? "" : rest.substring(slash + 1);
    if (database.isEmpty() || database.indexOf('/') >= 0) {
      throw new TopologyException(problem + " (no database, or more than one path segment)");
    }
    int at = authority.lastIndexOf('@');
    if (at <= 0) {
      throw new TopologyException(problem + " (no user)");
    }
    String userInfo = authority.substring(0, at);
    String hostPort = authority.substring(at + 1);
    int colon = userInfo.indexOf(':');
    String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), problem);
    String password = colon < 0 ? null : decode(userInfo.substring(colon + 1), problem);
    if (user.isEmpty()) {
      throw new TopologyException(problem + " (no user)");
    }
    String host;
    String portText;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0 || (close + 1 < hostPort.length() && hostPort.charAt(close + 1) != ':')) {
        throw new TopologyException(problem + " (bad IPv6 host)");
      }
      host = hostPort.substring(1, close);
      portText = close + 1 < hostPort.length() ? hostPort.substring(close + 2) : null;
    } else {
      int portColon = hostPort.indexOf(':');
      host = portColon < 0 ? hostPort : hostPort.substring(0, portColon);
      portText = portColon < 0 ? null : hostPort.substring(portColon + 1);
    }
    if (host.isEmpty()) {
      throw new TopologyException(problem + " (no host)");
    }
    int port = DEFAULT_PORT;
    if (portText != null) {
      if (!portText.matches("[0-9]{1,5}")) {
        throw new TopologyException(problem + " (port '" + portText + "' is not a number)");
      }
      port = Integer.parseInt(portText);
    }
    return new Node(name, host, port, decode(database, problem), user, password);
  }

  /** Percent-decoding as libpq does it: %XX only; a plus stays a plus. */
  private static String decode(String s, String problem) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < s.length()) {
      if (s.charAt(i) == '%') {
        if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
          throw new TopologyException(problem + " (bad percent-encoding)");
        }
        out.write(Character.digit(s.charAt(i + 1), 16) << 4 | Character.digit(s.charAt(i + 2), 16));
        i += 3;
      } else {
        int cp = s.codePointAt(i);
        byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        i += Character.charCount(cp);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** A pgJDBC URL without credentials (see {@link #jdbcProperties()}). */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + hostForUrl() + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
  }

  /** pgJDBC connection properties: user and, when set, password. */
  public Properties jdbcProperties() {
    Properties props = new Properties();
    props.setProperty("user", user);
    if (password != null) {
      props.setProperty("password", password);
    }
    return props;
  }

  /** The node as a libpq-style URL with the password left out. */
  public String url() {
    return "postgresql://" + encode(user) + "@" + hostForUrl() + ":" + port + "/" + encode(database);
  }

  private String hostForUrl() {
    return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String redact(String url) {
    if (url == null) {
      return "null";
    }
    int at = url.lastIndexOf('@');
    int scheme = url.indexOf("://");
    int colon = scheme < 0 || at < 0 ? -1 : url.indexOf(':', scheme + 3);
    return colon >= 0 && colon < at ? url.substring(0, colon + 1) + "***" + url.substring(at) : url;
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return name + " (" + url() + ")";
  }
}
