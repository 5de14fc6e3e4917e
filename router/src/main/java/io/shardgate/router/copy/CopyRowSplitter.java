package io.shardgate.router.copy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a COPY text or CSV data stream, which arrives in CopyData messages of any size, into whole
 * rows, and reads one field of a row (the shard key) as PostgreSQL's COPY would decode it.
 */
public final class CopyRowSplitter implements CopySplitter {
  private final CopyStatement.CopyFormat format;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private boolean inQuotes;
  private boolean ended;

  public CopyRowSplitter(CopyStatement.CopyFormat format) {
    this.format = format;
  }

  @Override
  public boolean hasFileHeader() {
    return format.header();
  }

  /** Adds data; returns the rows completed by it, each with its line end. */
  @Override
  public List<byte[]> feed(byte[] data) {
    List<byte[]> rows = new ArrayList<>();
    for (byte b : data) {
      if (ended) {
        break;
      }
      partial.write(b);
      if (format.csv() && b == format.quote()) {
        inQuotes = !inQuotes; // a doubled quote toggles twice; an escape equal to the quote is the same thing
      } else if (b == '\n' && !inQuotes) {
        byte[] row = partial.toByteArray();
        partial.reset();
        if (isEndMarker(row)) {
          ended = true;
        } else {
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** The last row if the data did not end with a newline (PostgreSQL accepts that); null if none. */
  @Override
  public byte[] finish() {
    if (partial.size() == 0 || ended) {
      return null;
    }
    byte[] row = partial.toByteArray();
    partial.reset();
    return isEndMarker(row) ? null : row;
  }

  private static boolean isEndMarker(byte[] row) {
    String s = new String(row, StandardCharsets.UTF_8).strip();
    return s.equals("\\.");
  }

  /**
   * Field {@code index} (0-based) of a row, decoded; null for SQL NULL.
   *
   * @throws IndexOutOfBoundsException when the row has fewer fields
   */
  @Override
  public String field(byte[] row, int index) {
    String line = new String(row, StandardCharsets.UTF_8);
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
      end--;
    }
    line = line.substring(0, end);
    return format.csv() ? csvField(line, index) : textField(line, index);
  }

  private String textField(String line, int index) {
    int field = 0;
    StringBuilder raw = new StringBuilder();
    for (int i = 0; i <= line.length(); i++) {
      char c = i < line.length() ? line.charAt(i) : format.delimiter();
      if (c == '\\' && i + 1 < line.length()) {
        if (field == index) {
          raw.append(c).append(line.charAt(i + 1));
        }
        i++;
        continue;
      }
      if (c == format.delimiter()) {
        if (field == index) {
          String r = raw.toString();
          return r.equals(format.nullString()) ? null : unescapeText(r);
        }
        field++;
        continue;
      }
      if (field == index) {
        raw.append(c);
      }
    }
    throw new IndexOutOfBoundsException("row has " + (field) + " fields");
  }

  private static String unescapeText(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= s.length()) {
        out.append(c);
        continue;
      }
      char n = s.charAt(++i);
      switch (n) {
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'v' -> out.append('\u000b');
        default -> out.append(n);
      }
    }
    return out.toString();
  }

  private String csvField(String line, int index) {
    int field = 0;
    int i = 0;
    while (i <= line.length()) {
      StringBuilder value = new StringBuilder();
      boolean quoted = false;
      if (i < line.length() && line.charAt(i) == format.quote()) {
        quoted = true;
        i++;
        while (i < line.length()) {
          char c = line.charAt(i);
          if (c == format.escape() && i + 1 < line.length() && line.charAt(i + 1) == format.quote()) {
            value.append(format.quote());
            i += 2;
          } else if (c == format.quote()) {
            i++;
            break;
          } else {
            value.append(c);
            i++;
          }
        }
      }
      while (i < line.length() && line.charAt(i) != format.delimiter()) {
        value.append(line.charAt(i++));
      }
      if (field == index) {
        String v = value.toString();
        return !quoted && v.equals(format.nullString()) ? null : v;
      }
      field++;
      i++; // skip the delimiter
    }
    throw new IndexOutOfBoundsException("row has " + field + " fields");
  }
}
