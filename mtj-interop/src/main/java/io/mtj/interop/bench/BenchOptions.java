package io.mtj.interop.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one client run of the side-by-side benchmark does, as command-line options shared by the MTJ client and the
 * node scripts ({@code bench-common.mjs} reads the same names).
 *
 * @param port the test DC's port on 127.0.0.1
 * @param keyFile the DC's public key, PEM
 * @param laterConnects how many more connects (each a new client with a new key) after the first
 * @param phase how long each timed phase runs (pipelined calls, sequential calls, download, upload)
 * @param inFlight calls in flight in the pipelined phase
 * @param docId document served by the DC for the download phase
 * @param docHash its access hash
 * @param docSize its size in bytes (a multiple of 1 MiB)
 */
public record BenchOptions(
        int port,
        Path keyFile,
        int laterConnects,
        Duration phase,
        int inFlight,
        long docId,
        long docHash,
        long docSize) {

    /** The options as command-line arguments. */
    public List<String> toArgs() {
        return List.of(
                "--port", Integer.toString(port),
                "--key-file", keyFile.toString(),
                "--later-connects", Integer.toString(laterConnects),
                "--phase-ms", Long.toString(phase.toMillis()),
                "--in-flight", Integer.toString(inFlight),
                "--doc-id", Long.toString(docId),
                "--doc-hash", Long.toString(docHash),
                "--doc-size", Long.toString(docSize));
    }

    /** Reads the arguments {@link #toArgs()} writes. */
    public static BenchOptions parse(String[] args) {
        int port = 0;
        Path key = null;
        int later = 5;
        long phaseMs = 3000;
        int inFlight = 100;
        long docId = 0;
        long docHash = 0;
        long docSize = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(v);
                case "--key-file" -> key = Path.of(v);
                case "--later-connects" -> later = Integer.parseInt(v);
                case "--phase-ms" -> phaseMs = Long.parseLong(v);
                case "--in-flight" -> inFlight = Integer.parseInt(v);
                case "--doc-id" -> docId = Long.parseLong(v);
                case "--doc-hash" -> docHash = Long.parseLong(v);
                case "--doc-size" -> docSize = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (port == 0 || key == null) {
            throw new IllegalArgumentException("--port and --key-file are required");
        }
        return new BenchOptions(port, key, later, Duration.ofMillis(phaseMs), inFlight, docId, docHash, docSize);
    }
}
