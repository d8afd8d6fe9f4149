package io.mtj.transport.mtproxy;

import io.mtj.transport.mtproxy.HelloOp.Bytes;
import io.mtj.transport.mtproxy.HelloOp.Domain;
import io.mtj.transport.mtproxy.HelloOp.EchPayload;
import io.mtj.transport.mtproxy.HelloOp.Grease;
import io.mtj.transport.mtproxy.HelloOp.MlKem768Key;
import io.mtj.transport.mtproxy.HelloOp.OneOf;
import io.mtj.transport.mtproxy.HelloOp.Padding;
import io.mtj.transport.mtproxy.HelloOp.Permutation;
import io.mtj.transport.mtproxy.HelloOp.RandomBytes;
import io.mtj.transport.mtproxy.HelloOp.Scope;
import io.mtj.transport.mtproxy.HelloOp.X25519Key;
import io.mtj.transport.mtproxy.HelloOp.Zeros;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A ClientHello recipe: a list of {@link HelloOp}s. {@link #TDLIB_2026} is tdlib's current one
 * (td/mtproto/TlsInit.cpp, non-Apple build, as of April 2026), which is the shape of a current Chrome:
 * 15 cipher suites after a GREASE suite; sixteen extensions in a fresh random order for every hello
 * between a leading empty GREASE extension and a trailing one-byte GREASE extension; an X25519MLKEM768
 * key share (1184-byte ML-KEM-768 key and a 32-byte X25519 key) beside a plain X25519 share; ECH
 * GREASE ({@code 0xfe0d}) with a 144..240-byte payload; ALPS under its new code point {@code 0x44cd};
 * and tdlib's padding rule, which never fires for a hello this size.
 *
 * <p>{@link #resolve} fixes the choices made once per client (tdlib makes them once per process:
 * a browser's ECH payload length does not change between its connections); {@link #write} then
 * builds one hello, with its own randomness and permutation, ready to be signed.
 */
public final class ClientHelloTemplate {
    /** How many GREASE values a hello draws. */
    public static final int GREASE_VALUES = 7;

    /** tdlib's ClientHello recipe of 2026 (non-Apple platforms). */
    public static final ClientHelloTemplate TDLIB_2026 = new ClientHelloTemplate(tdlib2026());

    private final List<HelloOp> ops;

    /**
     * Creates a template from a recipe.
     *
     * @param ops the steps, written left to right; copied
     */
    public ClientHelloTemplate(List<HelloOp> ops) {
        this.ops = List.copyOf(ops);
    }

    /**
     * Gives the recipe.
     *
     * @return the steps, unmodifiable
     */
    public List<HelloOp> ops() {
        return ops;
    }

    /**
     * Fixes the once-per-client choices: every {@link OneOf} and {@link EchPayload} decided by {@code random}.
     *
     * @param random the source of the choices
     * @return a new template without choices left; this one is unchanged
     */
    public ClientHelloTemplate resolve(RandomGenerator random) {
        return new ClientHelloTemplate(resolve(ops, random));
    }

    private static List<HelloOp> resolve(List<HelloOp> list, RandomGenerator random) {
        List<HelloOp> out = new ArrayList<>();
        for (HelloOp op : list) {
            switch (op) {
                case OneOf o ->
                    out.addAll(
                            resolve(o.choices().get(random.nextInt(o.choices().size())), random));
                case EchPayload e -> out.add(new RandomBytes(144 + 32 * random.nextInt(4)));
                case Scope s -> out.add(new Scope(resolve(s.body(), random)));
                case Permutation p -> {
                    List<List<HelloOp>> parts = new ArrayList<>();
                    for (List<HelloOp> part : p.parts()) {
                        parts.add(resolve(part, random));
                    }
                    out.add(new Permutation(parts));
                }
                default -> out.add(op);
            }
        }
        return out;
    }

    /**
     * One hello for {@code domain}, its client random left zero (see {@link FakeTlsClientHello#sign}).
     * Unresolved choices are resolved with {@code random} for this hello alone.
     *
     * @param domain the SNI host name, written as ISO-8859-1 bytes
     * @param random the source of random fields, GREASE values, keys and the permutation
     * @return the complete TLS record
     */
    public byte[] write(String domain, RandomGenerator random) {
        byte[] sni = domain.getBytes(StandardCharsets.ISO_8859_1);
        Writer w = new Writer(sni, grease(random), random);
        FakeTlsClientHello.Out out = new FakeTlsClientHello.Out();
        w.write(resolve(ops, random), out, 0);
        return out.toArray();
    }

    /** Seven GREASE bytes {@code X0 | 0x0a}, each odd one different from the even one before it. */
    static int[] grease(RandomGenerator random) {
        int[] g = new int[GREASE_VALUES];
        for (int i = 0; i < g.length; i++) {
            g[i] = (random.nextInt(256) & 0xf0) | 0x0a;
        }
        for (int i = 1; i < g.length; i += 2) {
            if (g[i] == g[i - 1]) {
                g[i] ^= 0x10;
            }
        }
        return g;
    }

    private record Writer(byte[] domain, int[] grease, RandomGenerator random) {
        /** Writes {@code list} at absolute offset {@code base} of the hello (-1: inside a permuted part). */
        void write(List<HelloOp> list, FakeTlsClientHello.Out out, int base) {
            for (HelloOp op : list) {
                switch (op) {
                    case Bytes b -> out.bytes(b.data());
                    case RandomBytes r -> out.bytes(randomBytes(r.length()));
                    case Zeros z -> out.bytes(new byte[z.length()]);
                    case Domain d -> out.bytes(domain);
                    case Grease g -> out.u8(grease[g.index()]).u8(grease[g.index()]);
                    case X25519Key k -> out.bytes(TlsBytes.x25519PublicKey(random));
                    case MlKem768Key k -> out.bytes(TlsBytes.mlKem768EncapsulationKey(random));
                    case Scope s -> {
                        int at = out.size();
                        out.u16(0);
                        write(s.body(), out, base < 0 ? -1 : base);
                        int length = out.size() - at - 2;
                        if (length >= 1 << 14) {
                            throw new IllegalStateException("hello scope of " + length + " bytes exceeds 16383");
                        }
                        out.set16(at, length);
                    }
                    case Permutation p -> {
                        List<byte[]> parts = new ArrayList<>();
                        for (List<HelloOp> part : p.parts()) {
                            FakeTlsClientHello.Out one = new FakeTlsClientHello.Out();
                            write(part, one, -1);
                            parts.add(one.toArray());
                        }
                        for (int i = parts.size() - 1; i > 0; i--) {
                            int j = random.nextInt(i + 1);
                            parts.set(j, parts.set(i, parts.get(j)));
                        }
                        parts.forEach(out::bytes);
                    }
                    case Padding pad -> {
                        if (base < 0) {
                            throw new IllegalStateException("padding inside a permuted part has no absolute offset");
                        }
                        int length = pad.target() - out.size();
                        if (length > 0) {
                            out.u16(0x0015).u16(length).bytes(new byte[length]);
                        }
                    }
                    case OneOf o -> throw new IllegalStateException("unresolved OneOf");
                    case EchPayload e -> throw new IllegalStateException("unresolved ECH payload");
                }
            }
        }

        private byte[] randomBytes(int n) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return b;
        }
    }

    private static List<HelloOp> tdlib2026() {
        List<List<HelloOp>> extensions = List.of(
                List.of(hex("0000"), scope(scope(hex("00"), scope(new Domain())))), // server_name
                List.of(hex("000500050100000000")), // status_request
                List.of(hex("000a000c000a"), new Grease(4), hex("11ec001d00170018")), // supported_groups
                List.of(hex("000b00020100")), // ec_point_formats
                List.of(hex("000d0012001004030804040105030805050108060601")), // signature_algorithms
                List.of(hex("0010000e000c02683208687474702f312e31")), // ALPN h2, http/1.1
                List.of(hex("00120000")), // signed_certificate_timestamp
                List.of(hex("00170000")), // extended_master_secret
                List.of(hex("001b0003020002")), // compress_certificate: brotli
                List.of(hex("00230000")), // session_ticket
                List.of(hex("002b000706"), new Grease(6), hex("03040303")), // supported_versions
                List.of(hex("002d00020101")), // psk_key_exchange_modes
                List.of( // key_share: GREASE, X25519MLKEM768 (1216 bytes), X25519
                        hex("003304ef04ed"),
                        new Grease(4),
                        hex("000100" + "11ec04c0"),
                        new MlKem768Key(),
                        new X25519Key(),
                        hex("001d0020"),
                        new X25519Key()),
                List.of(hex("44cd0005000302" + "6832")), // application_settings (new code point): h2
                List.of( // encrypted_client_hello GREASE: outer, HKDF-SHA256/AES-128-GCM, config id, enc, payload
                        hex("fe0d"),
                        scope(
                                hex("0000010001"),
                                new RandomBytes(1),
                                hex("0020"),
                                new RandomBytes(32),
                                scope(new EchPayload()))),
                List.of(hex("ff01000100"))); // renegotiation_info
        String suites = "130113021303c02bc02fc02cc030cca9cca8c013c014009c009d002f0035";
        return List.of(
                hex("160301"),
                scope(
                        hex("0100"),
                        scope(
                                hex("0303"),
                                new Zeros(32),
                                hex("20"),
                                new RandomBytes(32),
                                hex("0020"),
                                new Grease(0),
                                hex(suites + "0100"),
                                scope(
                                        new Grease(2),
                                        hex("0000"),
                                        new Permutation(extensions),
                                        new Grease(3),
                                        hex("000100"),
                                        new Padding(513)))));
    }

    private static Scope scope(HelloOp... body) {
        return new Scope(List.of(body));
    }

    private static Bytes hex(String s) {
        return new Bytes(HexFormat.of().parseHex(s));
    }
}
