package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.shardgate.pgwire.Wire;
import java.util.ArrayList;
import java.util.List;

/**
 * NegotiateProtocolVersion ('v'): the server cannot serve the requested minor version or some "_pq_."
 * options. The documentation calls the first field the newest supported minor version, but servers send
 * the whole version word (major in the high 16 bits, e.g. 196608 for 3.0); it is kept as sent.
 */
public record NegotiateProtocolVersion(int protocolVersion, List<String> unrecognizedOptions)
    implements BackendMessage {
  public static final byte TYPE = 'v';

  public NegotiateProtocolVersion {
    unrecognizedOptions = List.copyOf(unrecognizedOptions);
  }

  public static NegotiateProtocolVersion decode(ByteBuf body) {
    BodyReader r = new BodyReader(body, "NegotiateProtocolVersion");
    int version = r.int32("protocol version");
    int n = r.int32("unrecognized option count");
    if (n < 0) {
      throw r.fail("negative unrecognized option count " + n);
    }
    r.needElements(n, 1, "unrecognized options"); // each option is at least its terminator
    List<String> options = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      options.add(r.cstring("unrecognized option"));
    }
    r.end();
    return new NegotiateProtocolVersion(version, options);
  }

  /** The minor version in the low 16 bits. */
  public int minorVersion() {
    return protocolVersion & 0xFFFF;
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Wire.begin(out, 'v');
    out.writeInt(protocolVersion);
    out.writeInt(unrecognizedOptions.size());
    for (String option : unrecognizedOptions) {
      Wire.writeCString(out, option);
    }
    Wire.end(out, at);
  }
}
