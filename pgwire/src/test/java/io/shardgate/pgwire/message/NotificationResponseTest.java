package io.shardgate.pgwire.message;

import static io.shardgate.pgwire.WireBytes.decodeHex;
import static io.shardgate.pgwire.WireBytes.hex;
import static io.shardgate.pgwire.WireBytes.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shardgate.pgwire.NoLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** NotificationResponse, byte for byte. */
@ExtendWith(NoLeaks.class)
class NotificationResponseTest {
  @Test
  void notificationResponseIsExactAndRoundTrips() {
    // 'A', len, Int32 1234 (0x4d2), "jobs\0" 5, "42\0" 3: 12 body bytes, length 16.
    NotificationResponse n = new NotificationResponse(1234, "jobs", "42");
    assertEquals(hex("41 00000010 000004d2 6a6f627300 343200"), hex(n::encode));
    assertEquals(n, decodeHex(NotificationResponse::decode, "000004d2 6a6f627300 343200"));
    assertEquals(n, roundTrip(n::encode, 'A', NotificationResponse::decode));
    NotificationResponse empty = new NotificationResponse(-1, "c", "");
    assertEquals(empty, roundTrip(empty::encode, 'A', NotificationResponse::decode));
  }
}
