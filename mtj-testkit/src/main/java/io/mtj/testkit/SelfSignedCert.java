package io.mtj.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made by openssl
 * in a test's temporary directory, with the TLS contexts that trust it (client) or present it
 * (server).
 */
public record SelfSignedCert(Path certificate, Path privateKey, Path pkcs12) {
    private static final char[] STORE_PASSWORD = "test-only".toCharArray();

    public static SelfSignedCert generate(Path dir) throws IOException, InterruptedException {
        String openssl = ExternalTools.require(ExternalTools.OPENSSL).toString();
        Path cert = dir.resolve("proxy-cert.pem");
        Path key = dir.resolve("proxy-key.pem");
        Path p12 = dir.resolve("proxy.p12");
        run(
                dir,
                List.of(
                        openssl,
                        "req",
                        "-x509",
                        "-newkey",
                        "ec",
                        "-pkeyopt",
                        "ec_paramgen_curve:prime256v1",
                        "-nodes",
                        "-days",
                        "2",
                        "-subj",
                        "/CN=localhost",
                        "-addext",
                        "subjectAltName=DNS:localhost,IP:127.0.0.1",
                        "-keyout",
                        key.toString(),
                        "-out",
                        cert.toString()));
        run(
                dir,
                List.of(
                        openssl,
                        "pkcs12",
                        "-export",
                        "-in",
                        cert.toString(),
                        "-inkey",
                        key.toString(),
                        "-out",
                        p12.toString(),
                        "-passout",
                        "pass:" + new String(STORE_PASSWORD),
                        "-name",
                        "proxy"));
        return new SelfSignedCert(cert, key, p12);
    }

    private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
        Path log = dir.resolve("openssl.log");
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IOException("openssl did not finish within 30 s: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IOException("openssl failed (" + p.exitValue() + "): " + command + "\n" + Files.readString(log));
        }
    }

    /** A client context that trusts exactly this certificate. */
    public SSLContext clientContext() throws IOException, GeneralSecurityException {
        Certificate c;
        try (InputStream in = Files.newInputStream(certificate)) {
            c = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("proxy", c);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** A server context presenting this certificate, for in-process TLS proxies. */
    public SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pkcs12)) {
            keys.load(in, STORE_PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, STORE_PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }
}
