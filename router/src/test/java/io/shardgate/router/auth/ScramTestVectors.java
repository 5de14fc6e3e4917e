package io.shardgate.router.auth;

import java.util.Base64;

/** Known SCRAM-SHA-256 exchanges: RFC 7677 section 3, and secrets computed by a real PostgreSQL 15. */
final class ScramTestVectors {
  static final String RFC_USER = "user";
  static final String RFC_PASSWORD = "pencil";
  static final String RFC_CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
  static final String RFC_SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
  static final byte[] RFC_SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
  static final int RFC_ITERATIONS = 4096;
  static final String RFC_CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
  static final String RFC_SERVER_FIRST =
      "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
  static final String RFC_CLIENT_FINAL =
      "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
  static final String RFC_SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

  /**
   * pg_authid.rolpassword after {@code ALTER USER postgres PASSWORD 'secret'} on PostgreSQL 15.18
   * (password_encryption = scram-sha-256, the default; random salt chosen by the server).
   */
  static final String PG15_SECRET_VERIFIER = "SCRAM-SHA-256$4096:7qH8V0Z+VV2/QfXliYSJyg==$"
      + "oyKmD35JIlJ2amxlqljiXwRArV9lKHox9vK8yq9nCVc=:SNkK4IDMpi62k0dz1biDEvAGZdQiMxNRhOgTfBolBUY=";

  /** A password that SASLprep changes: U+2168 becomes "IX" (NFKC), U+00A0 a space, U+00AD nothing. */
  static final String UNICODE_PASSWORD = "\u2168caf\u00e9\u00a0x\u00ad!";

  /**
   * pg_authid.rolpassword after {@code ALTER USER uni PASSWORD U&'\2168caf\00e9\00a0x\00ad!'} on
   * PostgreSQL 15.18 (which SASLpreps the password to "IXcafé x!" before deriving the keys).
   */
  static final String PG15_UNICODE_VERIFIER = "SCRAM-SHA-256$4096:fBCkMxwgfJEDaTDPPtpF0w==$"
      + "uNNMznb4jOOszJXk/5M1qLl9m8qILRx6G6J8kbi1G8k=:g1Pa5JH343Nkfz8sl+wPJoLM7AUjsWKYkLkx2K1h9KA=";

  /**
   * pg_authid.rolpassword after {@code SET password_encryption = 'md5'; ALTER USER app PASSWORD 'secret'}
   * on PostgreSQL 15.18: "md5" + md5hex("secret" + "app").
   */
  static final String PG15_APP_SECRET_MD5 = "md56a422f785c9e20873908ce25d1736ae2";

  private ScramTestVectors() {}
}
