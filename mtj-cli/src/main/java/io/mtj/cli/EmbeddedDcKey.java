package io.mtj.cli;

import io.mtj.crypto.RsaKeyPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.jspecify.annotations.Nullable;

/**
 * The RSA key of the test DC {@code mtj connect} embeds. Generating a 2048-bit key takes 0.3-2 s, longer than the
 * rest of a connect, so it is made once and kept in the user's cache directory ({@code $XDG_CACHE_HOME/mtj}, else
 * {@code ~/.cache/mtj}) for later runs. The key only ever serves a DC on loopback. A file that cannot be read or
 * parsed is replaced; a directory that cannot be written costs a fresh key each run, never a failure.
 */
final class EmbeddedDcKey {
    static final String FILE_NAME = "embedded-test-dc-rsa.pem";

    private EmbeddedDcKey() {}

    /** Where the key is kept: {@code $XDG_CACHE_HOME/mtj/...}, or {@code ~/.cache/mtj/...}; null with no home. */
    static @Nullable Path defaultFile() {
        String cache = System.getenv("XDG_CACHE_HOME");
        if (cache != null && !cache.isBlank() && Path.of(cache).isAbsolute()) {
            return Path.of(cache, "mtj", FILE_NAME);
        }
        String home = System.getProperty("user.home");
        if (home == null || home.isBlank() || home.equals("?")) {
            return null;
        }
        return Path.of(home, ".cache", "mtj", FILE_NAME);
    }

    /** The key kept in {@code file}, or a new one, written there when possible; {@code null}: never kept. */
    static RsaKeyPair load(@Nullable Path file) {
        if (file != null && Files.isRegularFile(file)) {
            try {
                return RsaKeyPair.fromPrivatePem(Files.readString(file, StandardCharsets.US_ASCII));
            } catch (IOException | RuntimeException e) {
                // unreadable or not a key: replaced below
            }
        }
        RsaKeyPair key = RsaKeyPair.generate2048();
        if (file != null) {
            try {
                store(key, file);
            } catch (IOException | UnsupportedOperationException e) {
                // not kept: the next run generates another
            }
        }
        return key;
    }

    private static void store(RsaKeyPair key, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, FILE_NAME, ".tmp");
        try {
            if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(temp, key.toPrivatePem(), StandardCharsets.US_ASCII);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
