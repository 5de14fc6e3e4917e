package io.shardgate.router.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates for tests, made with the JDK's own keytool (no extra library, and the PEM
 * files are then read by Netty exactly as in production) and written as PEM certificate and PKCS#8 key.
 */
public record TestCertificates(Path cert, Path key) {
  private static final String PASSWORD = "changeit";

  /** A self-signed EC certificate for {@code subjectAltNames}, e.g. "dns:localhost,ip:127.0.0.1". */
  public static TestCertificates selfSigned(Path dir, String name, String subjectAltNames) throws Exception {
    return selfSigned(dir, name, subjectAltNames, "EC");
  }

  /** A self-signed certificate with a key of {@code keyAlgorithm}: EC (P-256) or RSA (2048 bits). */
  public static TestCertificates selfSigned(Path dir, String name, String subjectAltNames, String keyAlgorithm)
      throws Exception {
    List<String> keySpec = keyAlgorithm.equals("EC")
        ? List.of("-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA")
        : List.of("-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA");
    Path store = dir.resolve(name + ".p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", name));
    command.addAll(keySpec);
    command.addAll(List.of("-dname", "CN=" + name, "-ext", "SAN=" + subjectAltNames, "-validity", "2",
        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD,
        "-noprompt"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    Certificate certificate = ks.getCertificate(name);
    PrivateKey key = (PrivateKey) ks.getKey(name, PASSWORD.toCharArray());
    Path certFile = dir.resolve(name + ".crt");
    Path keyFile = dir.resolve(name + ".key");
    Files.writeString(certFile, pem("CERTIFICATE", certificate.getEncoded()));
    Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded())); // getEncoded() is PKCS#8
    return new TestCertificates(certFile, keyFile);
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
