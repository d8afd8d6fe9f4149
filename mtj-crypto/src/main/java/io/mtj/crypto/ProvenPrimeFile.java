package io.mtj.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A file of Diffie-Hellman primes already proven safe, so that a later run skips their primality proof (about 0.5 s
 * cold). Opt-in: {@link DhChecks} uses one only after {@link DhChecks#rememberProvenPrimesIn}. Telegram's own prime
 * needs none of this ({@link DhChecks#TELEGRAM_PRIME}); the file helps with servers that use other primes.
 *
 * <p>Whoever can write the file can make a prime that is not safe be accepted, so keep it where the session file
 * (which holds the auth key itself) is kept. Format: UTF-8 text, {@code #} comment lines, and one prime per line as
 * 512 lowercase hex digits (256 bytes, big-endian). A malformed line fails {@link #open} with an {@link IOException}
 * naming the file and the line; a prime that cannot be appended is only not remembered.
 */
public final class ProvenPrimeFile {
    static final String HEADER =
            "# MTJ: 2048-bit Diffie-Hellman primes proven safe (p and (p-1)/2 prime), one per line";
    private static final int HEX_DIGITS = 512;

    private final Path file;
    private final Set<BigInteger> primes = ConcurrentHashMap.newKeySet();
    private final ReentrantLock writeLock = new ReentrantLock();

    private ProvenPrimeFile(Path file) {
        this.file = file;
    }

    /** Reads {@code file} (a missing file is an empty one, created on the first prime proven). */
    public static ProvenPrimeFile open(Path file) throws IOException {
        ProvenPrimeFile f = new ProvenPrimeFile(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return f;
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            f.primes.add(parse(file, i + 1, line));
        }
        return f;
    }

    private static BigInteger parse(Path file, int lineNumber, String line) throws IOException {
        String where = "proven-primes file " + file + " line " + lineNumber + ": ";
        if (line.length() != HEX_DIGITS) {
            throw new IOException(
                    where + "expected " + HEX_DIGITS + " hex digits, found " + line.length() + " characters");
        }
        if (!line.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IOException(where + "expected " + HEX_DIGITS + " hex digits, found other characters");
        }
        BigInteger p = new BigInteger(line, 16);
        if (p.bitLength() != DhChecks.PRIME_BITS || !p.testBit(0)) {
            throw new IOException(
                    where + "not an odd " + DhChecks.PRIME_BITS + "-bit number (" + p.bitLength() + " bits)");
        }
        return p;
    }

    /** The file this reads and appends to. */
    public Path file() {
        return file;
    }

    boolean contains(BigInteger p) {
        return primes.contains(p);
    }

    /** Remembers {@code p}, proven safe by the caller, and appends it to the file (best effort). */
    void add(BigInteger p) {
        if (!primes.add(p)) {
            return;
        }
        String hex = HexFormat.of().formatHex(DhChecks.fixed256(p));
        writeLock.lock();
        try {
            String text = (Files.exists(file) ? "" : HEADER + "\n") + hex + "\n";
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // not kept: a later run proves the prime again
        } finally {
            writeLock.unlock();
        }
    }
}
