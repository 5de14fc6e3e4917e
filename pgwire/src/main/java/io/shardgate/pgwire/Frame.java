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
  /** The whole message as read (type, length, body) when the frame came from a socket, else null; owned. */
  private final ByteBuf message;

  public Frame(byte type, ByteBuf body) {
    this(type, body, null);
  }

  private Frame(byte type, ByteBuf body, ByteBuf message) {
    this.type = type;
    this.body = body;
    this.message = message;
  }

  /**
   * A frame over a whole message as read from a socket ({@code message} holds the type byte, the length
   * word and the body, and is owned by the frame from now on). Forwarding it writes those bytes as they
   * are, without a copy (see {@link #retainedMessage()}).
   */
  public static Frame ofMessage(ByteBuf message) {
    int start = message.readerIndex();
    return new Frame(message.getByte(start), message.slice(start + 5, message.readableBytes() - 5), message);
  }

  /**
   * The original message bytes, retained for one write, when this frame was read from a socket and its body
   * has not been read from or changed since; null otherwise (then it must be encoded).
   */
  public ByteBuf retainedMessage() {
    if (message == null || body.readerIndex() != 0 || body.writerIndex() != message.readableBytes() - 5) {
      return null;
    }
    return message.retainedDuplicate();
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
    (message != null ? message : body).release();
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
