package io.shardgate.router;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** A bare wire-protocol client over a socket, for tests that must see exactly what the router sends and when. */
final class RawClient implements AutoCloseable {
  /** One ErrorResponse: severity, SQLSTATE, message. */
  record Error(String severity, String sqlState, String message) { }

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;
  /** The status byte of the last ReadyForQuery. */
  char status;

  /** Connects, logs in (trust) and reads up to the first ReadyForQuery. */
  RawClient(int port, String database) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(60_000);
    in = new DataInputStream(socket.getInputStream());
    out = new DataOutputStream(socket.getOutputStream());
    byte[] params = ("user\0postgres\0database\0" + database + "\0\0").getBytes(StandardCharsets.UTF_8);
    out.writeInt(8 + params.length);
    out.writeInt(196608);
    out.write(params);
    out.flush();
    Error e = untilReady();
    if (e != null) {
      throw new IOException("login failed: " + e);
    }
  }

  /** Sends a simple Query. */
  void send(String sql) throws IOException {
    byte[] body = (sql + "\0").getBytes(StandardCharsets.UTF_8);
    out.writeByte('Q');
    out.writeInt(4 + body.length);
    out.write(body);
    out.flush();
  }

  /** Runs a simple Query; returns its first error, or null. */
  Error query(String sql) throws IOException {
    send(sql);
    return untilReady();
  }

  /** Reads up to ReadyForQuery; returns the first ErrorResponse on the way, or null. */
  Error untilReady() throws IOException {
    Error first = null;
    while (true) {
      byte type = in.readByte();
      byte[] body = new byte[in.readInt() - 4];
      in.readFully(body);
      if (type == 'E' && first == null) {
        first = error(body);
      } else if (type == 'Z') {
        status = (char) body[0];
        return first;
      }
    }
  }

  /** Reads until the server closes the connection; returns the first ErrorResponse (or null). */
  Error errorThenClose() throws IOException {
    Error first = null;
    try {
      while (true) {
        byte type = in.readByte();
        byte[] body = new byte[in.readInt() - 4];
        in.readFully(body);
        if (type == 'E' && first == null) {
          first = error(body);
        }
      }
    } catch (EOFException | SocketException closed) {
      return first;
    }
  }

  private static Error error(byte[] body) {
    String severity = null;
    String state = null;
    String message = null;
    int i = 0;
    while (i < body.length && body[i] != 0) {
      char field = (char) body[i++];
      int end = i;
      while (body[end] != 0) {
        end++;
      }
      String value = new String(body, i, end - i, StandardCharsets.UTF_8);
      switch (field) {
        case 'V' -> severity = value;
        case 'C' -> state = value;
        case 'M' -> message = value;
        default -> { }
      }
      i = end + 1;
    }
    return new Error(severity, state, message);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
