package io.shardgate.router.cli;

/** A "host:port" listen address. */
record HostPort(String host, int port) {
  static HostPort parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("listen address must be host:port, got \"" + text + "\"");
    }
    try {
      return new HostPort(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("listen address must be host:port, got \"" + text + "\"");
    }
  }
}
