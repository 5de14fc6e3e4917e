package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.shardgate.pgwire.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Authentication ('R') requests and results; the subtype word ({@code code}) says which and {@code data}
 * holds the rest of the body (MD5 salt, SASL mechanism list or SASL data). The array is not copied.
 */
public record Authentication(int code, byte[] data) implements BackendMessage {
  public static final byte TYPE = 'R';
  public static final int OK = 0;
  public static final int KERBEROS_V5 = 2;
  public static final int CLEARTEXT_PASSWORD = 3;
  public static final int MD5_PASSWORD = 5;
  public static final int GSS = 7;
  public static final int GSS_CONTINUE = 8;
  public static final int SSPI = 9;
  public static final int SASL = 10;
  public static final int SASL_CONTINUE = 11;
  public static final int SASL_FINAL = 12;
  /** AuthenticationOk. */
  public static final Authentication AUTH_OK = new Authentication(OK, new byte[0]);

  public Authentication {
    Objects.requireNonNull(data, "data");
  }

  /** AuthenticationCleartextPassword. */
  public static Authentication cleartextPassword() {
    return new Authentication(CLEARTEXT_PASSWORD, new byte[0]);
  }

  /** AuthenticationMD5Password with its 4-byte salt. */
  public static Authentication md5Password(byte[] salt) {
    if (salt.length != 4) {
      throw new IllegalArgumentException("an MD5 salt has 4 bytes, not " + salt.length);
    }
    return new Authentication(MD5_PASSWORD, salt.clone());
  }

  /** AuthenticationSASL offering {@code mechanisms} in order of preference, e.g. SCRAM-SHA-256. */
  public static Authentication sasl(List<String> mechanisms) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String m : mechanisms) {
      if (m.isEmpty() || m.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("invalid SASL mechanism name \"" + m + "\"");
      }
      out.writeBytes(m.getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }
    out.write(0);
    return new Authentication(SASL, out.toByteArray());
  }

  /** AuthenticationSASLContinue carrying the server's challenge. */
  public static Authentication saslContinue(byte[] data) {
    return new Authentication(SASL_CONTINUE, data);
  }

  /** AuthenticationSASLFinal carrying the server's outcome data. */
  public static Authentication saslFinal(byte[] data) {
    return new Authentication(SASL_FINAL, data);
  }

  public static Authentication decode(ByteBuf body) {
    BodyReader r = new BodyReader(body, "Authentication");
    int code = r.int32("authentication code");
    Authentication a = new Authentication(code, r.rest());
    switch (code) {
      case OK, CLEARTEXT_PASSWORD -> {
        if (a.data.length != 0) {
          throw r.fail(a.data.length + " unexpected trailing bytes for code " + code);
        }
      }
      case MD5_PASSWORD -> a.md5Salt();
      case SASL -> a.saslMechanisms();
      default -> { }
    }
    return a;
  }

  /** The salt of an AuthenticationMD5Password. */
  public byte[] md5Salt() {
    require(MD5_PASSWORD, "AuthenticationMD5Password");
    if (data.length != 4) {
      throw new ProtocolException("malformed AuthenticationMD5Password message: salt has " + data.length
          + " bytes, not 4");
    }
    return data.clone();
  }

  /** The mechanisms an AuthenticationSASL offers. */
  public List<String> saslMechanisms() {
    require(SASL, "AuthenticationSASL");
    ByteBuf buf = Unpooled.wrappedBuffer(data);
    try {
      BodyReader r = new BodyReader(buf, "AuthenticationSASL");
      List<String> mechanisms = new ArrayList<>();
      for (String m = r.cstring("mechanism list"); !m.isEmpty(); m = r.cstring("mechanism list")) {
        mechanisms.add(m);
      }
      r.end();
      return List.copyOf(mechanisms);
    } finally {
      buf.release();
    }
  }

  /** The server's challenge in an AuthenticationSASLContinue. */
  public byte[] saslContinueData() {
    require(SASL_CONTINUE, "AuthenticationSASLContinue");
    return data.clone();
  }

  /** The server's outcome data in an AuthenticationSASLFinal. */
  public byte[] saslFinalData() {
    require(SASL_FINAL, "AuthenticationSASLFinal");
    return data.clone();
  }

  private void require(int expected, String name) {
    if (code != expected) {
      throw new IllegalStateException("not an " + name + " message (code " + code + ")");
    }
  }

  @Override
  public void encode(ByteBuf out) {
    out.writeByte(TYPE).writeInt(8 + data.length).writeInt(code).writeBytes(data);
  }

  // Records compare arrays by identity; data is compared by content so decoded messages compare equal.
  @Override
  public boolean equals(Object o) {
    return o instanceof Authentication a && code == a.code && Arrays.equals(data, a.data);
  }

  @Override
  public int hashCode() {
    return 31 * code + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Authentication[code=" + code + ", " + data.length + " bytes]";
  }
}
