package io.mtj.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenPrimeFileTest {
    // RFC 3526 group 14 (MODP 2048): a safe prime that is not Telegram's
    private static final BigInteger Q = new BigInteger(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF",
            16);

    @TempDir
    @SuppressWarnings("NullAway.Init")
    Path dir;

    @AfterEach
    void stopUsingTheFile() {
        DhChecks.rememberProvenPrimesIn(null);
        DhChecks.clearCache();
    }

    @Test
    void aPrimeProvenOnceIsWrittenAndTrustedByTheNextRunWithoutAProof() throws Exception {
        Path file = dir.resolve("proven-primes.txt");
        DhChecks.rememberProvenPrimesIn(ProvenPrimeFile.open(file));
        DhChecks.clearCache();
        long before = DhChecks.proofs();
        DhChecks.checkPrimeAndGenerator(Q, 4);
        assertThat(DhChecks.proofs()).isEqualTo(before + 1);
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8))
                .containsExactly(ProvenPrimeFile.HEADER, HexFormat.of().formatHex(DhChecks.fixed256(Q)));

        // a new run: nothing in memory, the file read again
        DhChecks.clearCache();
        DhChecks.rememberProvenPrimesIn(ProvenPrimeFile.open(file));
        DhChecks.checkPrimeAndGenerator(Q, 4);
        assertThat(DhChecks.proofs()).isEqualTo(before + 1);

        // without the file the proof runs again
        DhChecks.rememberProvenPrimesIn(null);
        DhChecks.checkPrimeAndGenerator(Q, 4);
        assertThat(DhChecks.proofs()).isEqualTo(before + 2);
    }

    @Test
    void aPrimeOneBitAwayFromARememberedOneIsStillProvenAndRefused() throws Exception {
        Path file = dir.resolve("proven-primes.txt");
        Files.writeString(file, HexFormat.of().formatHex(DhChecks.fixed256(Q)) + "\n");
        DhChecks.rememberProvenPrimesIn(ProvenPrimeFile.open(file));
        DhChecks.clearCache();
        long before = DhChecks.proofs();
        BigInteger tampered = Q.flipBit(1000);
        assertThatThrownBy(() -> DhChecks.checkPrimeAndGenerator(tampered, 4))
                .isInstanceOf(SecurityCheckException.class)
                .hasMessageStartingWith("DH_PRIME_NOT_");
        assertThat(DhChecks.proofs()).isEqualTo(before + 1);
    }

    @Test
    void malformedLinesAreRefusedNamingTheFileAndLine() throws Exception {
        Path file = dir.resolve("bad.txt");
        String good = HexFormat.of().formatHex(DhChecks.fixed256(Q));
        Files.writeString(file, "# comment\n" + good + "\n\nabc\n");
        assertThatThrownBy(() -> ProvenPrimeFile.open(file))
                .isInstanceOf(IOException.class)
                .hasMessage("proven-primes file " + file + " line 4: expected 512 hex digits, found 3 characters");
        Files.writeString(file, "z" + good.substring(1) + "\n");
        assertThatThrownBy(() -> ProvenPrimeFile.open(file))
                .hasMessage("proven-primes file " + file + " line 1: expected 512 hex digits, found other characters");
        Files.writeString(file, "00" + good.substring(2) + "\n");
        assertThatThrownBy(() -> ProvenPrimeFile.open(file))
                .hasMessage("proven-primes file " + file + " line 1: not an odd 2048-bit number (2040 bits)");
        assertThat(ProvenPrimeFile.open(dir.resolve("missing.txt")).file()).isEqualTo(dir.resolve("missing.txt"));
    }
}
