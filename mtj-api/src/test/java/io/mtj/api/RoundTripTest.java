package io.mtj.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.mtproto.MtprotoRegistry;
import io.mtj.api.telegram.TelegramRegistry;
import io.mtj.tl.TlMethod;
import io.mtj.tl.TlObject;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlValues;
import io.mtj.tl.TlWriter;
import io.mtj.tlgen.GeneratorOptions;
import io.mtj.tlgen.JavaGenerator;
import io.mtj.tlgen.TlCombinator;
import io.mtj.tlgen.TlParam;
import io.mtj.tlgen.TlSchema;
import io.mtj.tlgen.TlType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every constructor and every function of both schemas: built with seeded sample values, serialized, decoded through
 * {@link Schema#registry()}, compared field by field and by re-serialized bytes. Every function's
 * {@code readResult} is also fed a serialized sample of its declared result type.
 */
class RoundTripTest {
    private static final long SEED = 0x6d746a2d746cL;
    private static final int ROUNDS = 3;

    @Test
    void everyConstructorAndFunctionOfBothSchemasRoundTrips() throws Exception {
        int mtproto = roundTrip(SharedSchemas.parse("mtproto.tl"), SharedSchemas.MTPROTO);
        int telegram = roundTrip(SharedSchemas.parse("api.tl"), SharedSchemas.TELEGRAM);
        System.out.printf(
                "round trip: %d mtproto.tl + %d api.tl = %d constructors and functions (x%d seeds)%n",
                mtproto, telegram, mtproto + telegram, ROUNDS);
        assertThat(Schema.registry().size()).isEqualTo(mtproto + telegram);
        assertThat(MtprotoRegistry.COUNT).isEqualTo(mtproto);
        assertThat(TelegramRegistry.COUNT).isEqualTo(telegram);
    }

    private static int roundTrip(TlSchema schema, GeneratorOptions options) throws Exception {
        List<TlCombinator> all = JavaGenerator.effectiveCombinators(schema, options);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        SampleValues samples = new SampleValues(schema, options, SEED);
        for (TlCombinator c : all) {
            for (int round = 0; round < ROUNDS; round++) {
                samples.reseed(SEED + 31L * round + c.id());
                try {
                    checkOne(samples, c, options);
                } catch (Exception | AssertionError e) {
                    failures.add(c.name() + " (round " + round + "): " + e);
                }
            }
            checked++;
        }
        assertThat(failures)
                .as("round-trip failures in %s", options.schemaName())
                .isEmpty();
        // the count equals what the parser found in the file, plus the four documented service declarations:
        // rpc_result, message and msg_container, which mtproto.tl leaves commented out, and msg_resend_ans_req,
        // which it lacks (see docs/TL.md)
        int parsed = schema.constructors().size() + schema.functions().size() + (options.serviceSpecials() ? 4 : 0);
        assertThat(checked).isEqualTo(parsed).isEqualTo(all.size());
        return checked;
    }

    private static void checkOne(SampleValues samples, TlCombinator c, GeneratorOptions options) throws Exception {
        TlObject original = samples.instance(c, 0);
        assertThat(original.constructorId()).isEqualTo(c.id());
        byte[] wire = original.toByteArray();
        assertThat(wire.length % 4).as("%s is 4-byte aligned", c.name()).isZero();
        TlObject decoded = Schema.registry().decode(wire);
        assertThat(decoded.getClass()).isEqualTo(original.getClass());
        for (RecordComponent rc : original.getClass().getRecordComponents()) {
            Object a = rc.getAccessor().invoke(original);
            Object b = rc.getAccessor().invoke(decoded);
            assertThat(TlValues.equal(a, b))
                    .as("%s.%s: %s vs %s", c.name(), rc.getName(), TlValues.text(a), TlValues.text(b))
                    .isTrue();
        }
        assertThat(decoded).isEqualTo(original);
        assertThat(decoded.hashCode()).isEqualTo(original.hashCode());
        assertThat(decoded.toByteArray()).isEqualTo(wire);

        if (c.function()) {
            TlMethod<?> method = (TlMethod<?>) original;
            TlType resultType = c.result();
            if (c.typeParams().contains(resultType.name())) {
                // the generic methods in these tests carry ping (result pong)
                resultType = TlType.parse("Pong");
                Object pong = new io.mtj.api.mtproto.Pong(1L, 2L);
                assertThat(method.readResult(new TlReader(((TlObject) pong).toByteArray())))
                        .isEqualTo(pong);
                return;
            }
            Object result = samples.value(resultType, 1, true);
            TlWriter out = new TlWriter();
            SampleValues.write(out, resultType, result, options.binaryStrings());
            TlReader in = new TlReader(out.toByteArray(), Schema.registry());
            Object read = method.readResult(in);
            assertThat(TlValues.equal(read, result))
                    .as("%s result %s", c.name(), resultType)
                    .isTrue();
            assertThat(in.remaining()).isZero();
        }
    }

    @Test
    void everyParamIsAComponentOrAFlagsWord() throws Exception {
        // flags words (and message.bytes) are computed, every other TL field is a record component
        TlSchema schema = SharedSchemas.parse("api.tl");
        SampleValues samples = new SampleValues(schema, SharedSchemas.TELEGRAM, 1);
        for (TlCombinator c : schema.combinators()) {
            long expected = c.params().stream().filter(p -> !p.isFlagsWord()).count();
            assertThat(samples.javaClass(c).getRecordComponents()).as(c.name()).hasSize((int) expected);
        }
        assertThat(schema.combinators().stream()
                        .flatMap(c -> c.params().stream())
                        .filter(TlParam::isFlagsWord)
                        .count())
                .isPositive();
    }
}
