package io.mtj.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, made for one run of {@code mtj
 * testdc --tls} with the JDK's own {@code keytool} (the runtime has no certificate builder), and the server context
 * presenting it.
 *
 * @param pem the certificate, for clients to trust ({@code --trust-cert})
 */
record SelfSignedTls(String pem, SSLContext serverContext) {
    static SelfSignedTls generate() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("mtj-testdc-tls");
        char[] password = HexFormat.of().formatHex(SecureRandom.getSeed(16)).toCharArray();
        Path store = dir.resolve("testdc.p12");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        try {
            run(
                    List.of(
                            keytool,
                            "-genkeypair",
                            "-alias",
                            "testdc",
                            "-keyalg",
                            "EC",
                            "-groupname",
                            "secp256r1",
                            "-dname",
                            "CN=localhost",
                            "-ext",
                            "SAN=dns:localhost,ip:127.0.0.1,ip:::1",
                            "-validity",
                            "7",
                            "-storetype",
                            "PKCS12",
                            "-keystore",
                            store.toString(),
                            "-storepass:env",
                            "MTJ_STORE_PASS"),
                    password,
                    dir);
            Path cert = dir.resolve("testdc.pem");
            run(
                    List.of(
                            keytool,
                            "-exportcert",
                            "-rfc",
                            "-alias",
                            "testdc",
                            "-keystore",
                            store.toString(),
                            "-storepass:env",
                            "MTJ_STORE_PASS",
                            "-file",
                            cert.toString()),
                    password,
                    dir);
            String pem = Files.readString(cert, StandardCharsets.US_ASCII);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, password);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return new SelfSignedTls(pem, context);
        } catch (GeneralSecurityException e) {
            throw new IOException("the generated certificate could not be loaded: " + e.getMessage(), e);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Runs keytool with the store password in its environment (never on its command line). */
    private static void run(List<String> command, char[] password, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile());
        pb.environment().put("MTJ_STORE_PASS", new String(password));
        pb.redirectErrorStream(true);
        Path log = dir.resolve("keytool.log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IOException("keytool did not finish within 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("keytool " + command.get(1) + " failed (exit " + p.exitValue() + "): "
                    + Files.readString(log).strip());
        }
    }
}
