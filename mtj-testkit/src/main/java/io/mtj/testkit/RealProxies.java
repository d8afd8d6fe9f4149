package io.mtj.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Starts real proxy servers on loopback with temporary configuration files: dante (SOCKS5),
 * tinyproxy (HTTP CONNECT) and stunnel (TLS in front of tinyproxy). Each returns a running process
 * the caller must close.
 */
public final class RealProxies {
    private RealProxies() {}

    /** A running server and the loopback port it listens on. */
    public record Running(ExternalProcess process, int port) implements AutoCloseable {
        @Override
        public void close() {
            process.close();
        }
    }

    /** A free ephemeral loopback port (bound and released; the program binds it right after). */
    public static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /**
     * dante on 127.0.0.1; {@code username} makes it require RFC 1929 authentication against system
     * accounts. Outgoing connections leave through {@code lo}, so IPv4 and IPv6 loopback targets work.
     */
    public static Running danted(Path dir, boolean username) throws IOException {
        Path binary = ExternalTools.require(ExternalTools.DANTED);
        int port = freePort();
        List<String> conf = new ArrayList<>(List.of(
                "logoutput: stderr",
                "internal: 127.0.0.1 port = " + port,
                "external: lo",
                "clientmethod: none",
                "socksmethod: " + (username ? "username" : "none")));
        if (ExternalTools.root()) {
            conf.add("user.privileged: root");
            conf.add("user.unprivileged: nobody");
        }
        conf.addAll(List.of(
                "client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }",
                "socks pass { from: 127.0.0.0/8 to: 127.0.0.0/8 command: connect }",
                "socks pass { from: 127.0.0.0/8 to: ::1/128 command: connect }",
                "socks block { from: 0.0.0.0/0 to: 0.0.0.0/0 }"));
        Path file = dir.resolve("danted-" + port + ".conf");
        Files.write(file, conf, StandardCharsets.UTF_8);
        Path pid = dir.resolve("danted-" + port + ".pid");
        ExternalProcess process = ExternalProcess.start(
                "danted-" + port,
                List.of(binary.toString(), "-f", file.toString(), "-p", pid.toString(), "-N", "1"),
                dir,
                port);
        return new Running(process, port);
    }

    /**
     * tinyproxy on 127.0.0.1 allowing CONNECT to {@code connectPorts}; with a {@code basicUser} (and
     * its password) it demands Proxy-Authorization.
     */
    public static Running tinyproxy(
            Path dir, List<Integer> connectPorts, @Nullable String basicUser, @Nullable String basicPassword)
            throws IOException {
        Path binary = ExternalTools.require(ExternalTools.TINYPROXY);
        int port = freePort();
        List<String> conf = new ArrayList<>();
        if (ExternalTools.root()) {
            conf.add("User nobody");
            conf.add("Group nogroup");
        }
        conf.addAll(List.of(
                "Port " + port,
                "Listen 127.0.0.1",
                "Timeout 30",
                "MaxClients 16",
                "Allow 127.0.0.1",
                "LogLevel Info",
                "DisableViaHeader Yes"));
        for (int p : connectPorts) {
            conf.add("ConnectPort " + p);
        }
        if (basicUser != null) {
            conf.add("BasicAuth " + basicUser + " " + basicPassword);
        }
        Path file = dir.resolve("tinyproxy-" + port + ".conf");
        Files.write(file, conf, StandardCharsets.UTF_8);
        ExternalProcess process = ExternalProcess.start(
                "tinyproxy-" + port, List.of(binary.toString(), "-d", "-c", file.toString()), dir, port);
        return new Running(process, port);
    }

    /** stunnel on 127.0.0.1 terminating TLS with {@code cert} and forwarding to {@code backendPort}. */
    public static Running stunnel(Path dir, SelfSignedCert cert, int backendPort) throws IOException {
        Path binary = ExternalTools.require(ExternalTools.STUNNEL);
        int port = freePort();
        List<String> conf = List.of(
                "foreground = yes",
                "pid =",
                "debug = 5",
                "[https-proxy]",
                "accept = 127.0.0.1:" + port,
                "connect = 127.0.0.1:" + backendPort,
                "cert = " + cert.certificate(),
                "key = " + cert.privateKey());
        Path file = dir.resolve("stunnel-" + port + ".conf");
        Files.write(file, conf, StandardCharsets.UTF_8);
        ExternalProcess process =
                ExternalProcess.start("stunnel-" + port, List.of(binary.toString(), file.toString()), dir, port);
        return new Running(process, port);
    }
}
