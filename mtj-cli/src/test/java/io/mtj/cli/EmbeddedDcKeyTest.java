package io.mtj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.crypto.RsaKeyPair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDcKeyTest {
    @TempDir
    @SuppressWarnings("NullAway.Init")
    Path dir;

    @Test
    void theKeyIsGeneratedOnceAndReadBackOnLaterRuns() throws Exception {
        Path file = dir.resolve("cache/mtj").resolve(EmbeddedDcKey.FILE_NAME);
        RsaKeyPair first = EmbeddedDcKey.load(file);
        assertThat(file).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        RsaKeyPair second = EmbeddedDcKey.load(file);
        assertThat(second.publicKey().fingerprint()).isEqualTo(first.publicKey().fingerprint());
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aFileThatIsNotAKeyIsReplaced() throws Exception {
        Path file = dir.resolve(EmbeddedDcKey.FILE_NAME);
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n");
        RsaKeyPair key = EmbeddedDcKey.load(file);
        assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo(key.toPrivatePem());
        assertThat(EmbeddedDcKey.load(file).publicKey().fingerprint())
                .isEqualTo(key.publicKey().fingerprint());
    }

    @Test
    void aDirectoryThatCannotBeWrittenStillGivesAKey() throws Exception {
        Path notADir = dir.resolve("plain-file");
        Files.writeString(notADir, "x");
        RsaKeyPair key = EmbeddedDcKey.load(notADir.resolve(EmbeddedDcKey.FILE_NAME));
        assertThat(key.publicKey().modulus().bitLength()).isEqualTo(2048);
        assertThat(EmbeddedDcKey.load(null).publicKey().modulus().bitLength()).isEqualTo(2048);
    }
}
