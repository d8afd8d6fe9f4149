package io.mtj.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.tl.TlDecodeException;
import io.mtj.tl.TlObject;
import io.mtj.tlgen.GeneratorOptions;
import io.mtj.tlgen.JavaGenerator;
import io.mtj.tlgen.TlCombinator;
import io.mtj.tlgen.TlSchema;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What a peer can send that is not a valid serialization, for every constructor and function of both schemas:
 * the seeded sample of {@link RoundTripTest} cut short at every word, and corrupted one word at a time with values
 * that attack lengths, counts, flags and ids. A cut-short sample is refused with a {@link TlDecodeException} naming
 * an offset unless the prefix is itself a whole serialization; a corrupted one either decodes or is refused the
 * same way. Any other exception or error (an index out of bounds, a negative array size, an out-of-memory, a record
 * constructor rejecting its fields) is a failure.
 */
class MutationTest {
    private static final long SEED = 0x6d7574617465L;
    private static final int MUTANTS = 24;
    /** Words that turn a length, a count, a flags word or an id into something hostile. */
    private static final int[] HOSTILE = {
        0, -1, 0x7fffffff, 0x80000000, 0x1cb5c415, 0x3072cfa1, 0x00fffffe, 0xfffffffe, 0x000000fe, 4, 0x100
    };

    @Test
    void everySerializationCutShortFailsWithATypedErrorNamingAnOffset() throws Exception {
        int cuts = 0;
        List<String> failures = new ArrayList<>();
        for (Sample s : samples()) {
            for (int len = 0; len < s.wire.length; len += 4) {
                byte[] prefix = Arrays.copyOf(s.wire, len);
                cuts++;
                try {
                    TlObject decoded = Schema.registry().decode(prefix);
                    // only a prefix that is itself a whole serialization may decode (rpc_result keeps its
                    // result as opaque bytes until the caller's method reads them)
                    if (!Arrays.equals(decoded.toByteArray(), prefix)) {
                        failures.add(s.name + " cut to " + len + " bytes decoded as " + decoded);
                    }
                } catch (TlDecodeException e) {
                    if (!String.valueOf(e.getMessage()).contains("offset")) {
                        failures.add(s.name + " cut to " + len + ": message names no offset: " + e.getMessage());
                    }
                } catch (Throwable t) {
                    failures.add(s.name + " cut to " + len + ": " + t);
                }
            }
        }
        System.out.printf("mutation: %d prefixes of every sample, refused with TlDecodeException%n", cuts);
        assertThat(failures).hasSize(0);
    }

    @Test
    void everyCorruptedSerializationDecodesOrFailsWithATypedError() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        int mutants = 0;
        int refused = 0;
        List<String> failures = new ArrayList<>();
        for (Sample s : samples()) {
            int words = s.wire.length / 4;
            for (int m = 0; m < MUTANTS; m++) {
                byte[] bad = s.wire.clone();
                ByteBuffer buf = ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN);
                int word = random.nextInt(words);
                int value = m % 3 == 2
                        ? buf.getInt(word * 4) ^ (1 << random.nextInt(32))
                        : HOSTILE[random.nextInt(HOSTILE.length)];
                buf.putInt(word * 4, value);
                mutants++;
                try {
                    Schema.registry().decode(bad);
                } catch (TlDecodeException e) {
                    refused++;
                } catch (Throwable t) {
                    failures.add(s.name + " with word " + word + " = 0x" + Integer.toHexString(value) + ": " + t);
                }
            }
        }
        System.out.printf(
                "mutation: %d corrupted samples, %d refused with TlDecodeException, none otherwise%n",
                mutants, refused);
        assertThat(failures).hasSize(0);
        assertThat(refused).isPositive();
    }

    private record Sample(String name, byte[] wire) {}

    private static List<Sample> samples() throws Exception {
        List<Sample> all = new ArrayList<>();
        add(all, SharedSchemas.parse("mtproto.tl"), SharedSchemas.MTPROTO);
        add(all, SharedSchemas.parse("api.tl"), SharedSchemas.TELEGRAM);
        return all;
    }

    private static void add(List<Sample> into, TlSchema schema, GeneratorOptions options) throws Exception {
        SampleValues samples = new SampleValues(schema, options, SEED);
        for (TlCombinator c : JavaGenerator.effectiveCombinators(schema, options)) {
            samples.reseed(SEED + c.id());
            into.add(new Sample(c.name(), samples.instance(c, 0).toByteArray()));
        }
    }
}
