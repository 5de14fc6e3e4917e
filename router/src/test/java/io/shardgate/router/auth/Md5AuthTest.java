package io.shardgate.router.auth;

import static io.shardgate.router.auth.ScramTestVectors.PG15_APP_SECRET_MD5;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Md5AuthTest {
  private static final byte[] SALT = {0x01, 0x02, (byte) 0xFE, 0x7F};

  @Test
  void storedHashIsWhatPostgresStores() {
    assertEquals(PG15_APP_SECRET_MD5, Md5Auth.storedHash("app", "secret"));
  }

  @Test
  void checksTheSaltedResponse() {
    // md5hex("6a422f785c9e20873908ce25d1736ae2" + 01 02 fe 7f), computed independently with Python's hashlib.
    String expected = "md5" + "f7de2f82ad9aeb9a7ac50ccb9f941831";
    assertEquals(expected, Md5Auth.response(PG15_APP_SECRET_MD5, SALT));
    Md5Auth auth = Md5Auth.forStoredHash(PG15_APP_SECRET_MD5, SALT);
    assertTrue(auth.matches(expected));
    assertFalse(auth.matches(Md5Auth.response(Md5Auth.storedHash("app", "Secret"), SALT)));
    assertFalse(auth.matches(expected.substring(0, 34)));
    assertFalse(auth.matches(""));
    assertTrue(Md5Auth.forStoredHash(PG15_APP_SECRET_MD5.toUpperCase().replace("MD5", "md5"), SALT).matches(expected));
  }

  @Test
  void passwordAndStoredHashAgree() {
    Md5Auth fromPassword = Md5Auth.forPassword("app", "secret");
    assertTrue(fromPassword.matches(Md5Auth.response(PG15_APP_SECRET_MD5, fromPassword.salt())));
  }

  @Test
  void saltsAreRandom() {
    byte[] a = Md5Auth.forPassword("app", "secret").salt();
    byte[] b = Md5Auth.forPassword("app", "secret").salt();
    assertEquals(4, a.length);
    assertFalse(Arrays.equals(a, b)); // fails once in 2^32 runs
  }

  @Test
  void storedHashFormat() {
    assertTrue(Md5Auth.isStoredHash(PG15_APP_SECRET_MD5));
    assertFalse(Md5Auth.isStoredHash("6a422f785c9e20873908ce25d1736ae2"));
    assertFalse(Md5Auth.isStoredHash("md56a422f785c9e20873908ce25d1736ae"));
    assertFalse(Md5Auth.isStoredHash("md56a422f785c9e20873908ce25d1736aeg"));
    assertThrows(IllegalArgumentException.class, () -> Md5Auth.forStoredHash("md5xyz"));
  }
}
