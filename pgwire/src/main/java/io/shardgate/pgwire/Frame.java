package io.shardgate.pgwire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;

/**
 * One typed protocol message as it travels: the type byte and its body (without the length word).
 * A proxy forwards most frames untouched and decodes only those it must look at.
 */
public final class Frame extends AbstractReferenceCounted {
  private final byte type;
  private final ByteBuf body;

  public Frame(byte type, ByteBuf body) {
    this.type = type;
    this.body = body;
  }

  public byte type() {
    return type;
  }

  public char typeChar() {
    return (char) type;
  }

  /** The body; owned by this frame. */
  public ByteBuf body() {
    return body;
  }

  /** Writes type, length and body to a new buffer, leaving this frame's body readable and owned. */
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf out = alloc.buffer(5 + body.readableBytes());
    out.writeByte(type).writeInt(4 + body.readableBytes()).writeBytes(body, body.readerIndex(), body.readableBytes());
    return out;
  }

  /** Writes type, length and body into {@code out}. */
  public void encodeInto(ByteBuf out) {
    out.writeByte(type).writeInt(4 + body.readableBytes()).writeBytes(body, body.readerIndex(), body.readableBytes());
  }

  @Override
  public Frame retain() {
    super.retain();
    return this;
  }

  @Override
  protected void deallocate() {
    body.release();
  }

  @Override
  public ReferenceCounted touch(Object hint) {
    body.touch(hint);
    return this;
  }

  @Override
  public String toString() {
    return "Frame('" + typeChar() + "', " + body.readableBytes() + " bytes)";
  }
}
