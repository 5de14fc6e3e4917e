package io.shardgate.router.tls;

import io.shardgate.router.auth.AuthErrors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files of the tls section: certificate chains, and unencrypted private keys in PKCS#8
 * ("BEGIN PRIVATE KEY") or, for RSA, PKCS#1 ("BEGIN RSA PRIVATE KEY", what older openssl writes).
 * Every problem is an F0000 error naming the file and, where possible, the fix.
 */
final class PemFiles {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
  // AlgorithmIdentifier { rsaEncryption, NULL }, for wrapping a PKCS#1 key into PKCS#8.
  private static final byte[] RSA_ALGORITHM =
      {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

  private PemFiles() {}

  /** The certificates of a PEM file, leaf first. */
  static X509Certificate[] certificates(Path file, String what) {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
          .map(c -> (X509Certificate) c).toList();
      if (certs.isEmpty()) {
        throw AuthErrors.invalidConfig("tls: " + what + " " + file + " holds no certificate");
      }
      return certs.toArray(new X509Certificate[0]);
    } catch (IOException | GeneralSecurityException e) {
      throw AuthErrors.invalidConfig("tls: " + what + " " + file + " is not a PEM certificate file: " + e.getMessage(), e);
    }
  }

  /** The private key of a PEM file. */
  static PrivateKey privateKey(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw AuthErrors.invalidConfig("tls: cannot read key " + file + ": " + e.getMessage(), e);
    }
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String type = m.group(1);
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(m.group(2));
      } catch (IllegalArgumentException e) {
        throw AuthErrors.invalidConfig("tls: key " + file + " has a " + type + " block that is not valid base64", e);
      }
      switch (type) {
        case "PRIVATE KEY" -> {
          return pkcs8(der, file);
        }
        case "RSA PRIVATE KEY" -> {
          return pkcs8(wrapPkcs1(der), file);
        }
        case "ENCRYPTED PRIVATE KEY" -> throw AuthErrors.invalidConfig("tls: key " + file
            + " is encrypted; Shardgate needs an unencrypted key: openssl pkcs8 -topk8 -nocrypt -in "
            + file.getFileName() + " -out server.key");
        case "EC PRIVATE KEY" -> throw AuthErrors.invalidConfig("tls: key " + file
            + " is in SEC1 form (BEGIN EC PRIVATE KEY); convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in "
            + file.getFileName() + " -out server.key");
        default -> { } // e.g. EC PARAMETERS before the key
      }
    }
    throw AuthErrors.invalidConfig("tls: key " + file + " holds no PEM private key (\"BEGIN PRIVATE KEY\")");
  }

  /** Fails unless {@code key} belongs to the leaf certificate: a mismatch would only show at the first handshake. */
  static void checkKeyMatches(PrivateKey key, X509Certificate leaf, Path keyFile, Path certFile) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
      default -> null;
    };
    if (algorithm == null) {
      return;
    }
    try {
      byte[] probe = new byte[32];
      new SecureRandom().nextBytes(probe);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(leaf.getPublicKey());
      verifier.update(probe);
      if (verifier.verify(signature)) {
        return;
      }
    } catch (GeneralSecurityException e) {
      // Different key types, for instance: a mismatch as well.
    }
    throw AuthErrors.invalidConfig("tls: key " + keyFile + " does not belong to the certificate " + certFile);
  }

  private static PrivateKey pkcs8(byte[] der, Path file) {
    for (String algorithm : new String[] {"RSA", "EC", "EdDSA", "RSASSA-PSS", "DSA"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw AuthErrors.invalidConfig("tls: key " + file + " is not an RSA, EC or Ed25519 private key");
  }

  /** PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING { RSAPrivateKey } }. */
  private static byte[] wrapPkcs1(byte[] pkcs1) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(RSA_ALGORITHM);
    body.write(0x04);
    body.writeBytes(derLength(pkcs1.length));
    body.writeBytes(pkcs1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    out.writeBytes(derLength(body.size()));
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private static byte[] derLength(int length) {
    if (length < 0x80) {
      return new byte[] {(byte) length};
    }
    int bytes = length > 0xFFFFFF ? 4 : length > 0xFFFF ? 3 : length > 0xFF ? 2 : 1;
    byte[] out = new byte[1 + bytes];
    out[0] = (byte) (0x80 | bytes);
    for (int i = 0; i < bytes; i++) {
      out[bytes - i] = (byte) (length >>> (8 * i));
    }
    return out;
  }}
