package io.mtj.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Two-step verification against the vectors other clients publish: gotd ({@code
 * internal/crypto/srp/srp_test.go}), grammers ({@code lib/grammers-crypto/src/two_factor_auth.rs},
 * the same two cases Telethon v2 tests) and mtcute ({@code packages/core/src/utils/crypto/password.test.ts}),
 * then our server side against our client side. mtcute's "new password hash" vector is not used: its
 * salt1 gets 32 bytes from the test's seeded generator appended first, so it cannot be reproduced here.
 */
class SrpTest {
    /** The 2048-bit prime Telegram sends in passwordKdfAlgo...ModPow (the same one as the DH prime). */
    static final String TELEGRAM_P = "c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f"
            + "48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c37"
            + "20fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64"
            + "2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4"
            + "a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754"
            + "fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4"
            + "e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f"
            + "0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b";

    private static final byte[] P = Hex.bytes(TELEGRAM_P);

    @Test
    void gotdVectorWithSecretExponentOne() throws Exception {
        byte[] srpB = Hex.bytes("9C52401A6A8084EC82F01C3725D3FB448BD2F0C909F9D97726EAC4B7A74172D9"
                + "52F02466BE6734FA274D2B7429E27397F10372D66B400B80A5C5AE3F28B17BF3"
                + "105D7A2D2A885998CDC2DEFC208AEC217AB58859A9ABC2374AD93DC285F4B3FB"
                + "CAFF4143D7888F2425BD2FB711B25609CEB21757D935B1EF2F042173AD0CE2FE"
                + "0E474DAC53914BD25A8A9AED4AEA8953D55CB88621DB37B871EA0D04393AC098"
                + "7F68094CCC9DE8239251375D8FFFD263316CD528C097B7BC9FB919FBEDB76C52"
                + "5DF3413C374EE076D97A1E6D352BB7CC80FD13651B04B32E2E48C5268150842C"
                + "FD07CF855958B1B5EA9C36FDAD697FE3AEC8DCC6B1EFEC36874AF226204676CF");
        byte[] salt1 = Hex.bytes("4D11FB6BEC38F9D2546BB0F61E4F1C99A1BC0DB8F0D5F35B1291B37B213123D7ED48F3C6794D495B");
        byte[] salt2 = Hex.bytes("A1B181AAFE88188680AE32860D60BB01");

        Srp.Answer answer = Srp.answer(utf8("123123"), 3, P, salt1, salt2, srpB, number256(1));

        assertThat(answer.a()).isEqualTo(number256(3));
        assertThat(Hex.of(answer.m1())).isEqualTo("999df906bda2c6cbb52f503406eba2d0d0503ace0cc302c38f13ee5010ad4051");
    }

    @Test
    void grammersVectorOnATinyPrime() {
        // p = 47, g = 3, g_b = 5, a = 6: no 2048-bit checks apply, so the unchecked arithmetic is used
        byte[] x = SrpPasswordHash.ph2(new byte[] {7}, new byte[] {1}, new byte[] {2});

        Srp.Answer answer = Srp.compute(x, 3, new byte[] {47}, new byte[] {1}, new byte[] {2}, new byte[] {5}, pad(6));

        assertThat(answer.a()).isEqualTo(number256(24));
        assertThat(Hex.of(answer.m1())).isEqualTo("9d83c46700b874e807c455e711241ede9eea62583b3847d7b77b7a32132036ce");
    }

    @Test
    void grammersVectorOnTelegramsPrime() throws Exception {
        byte[] salt1 = Hex.bytes("5f483c38bd0986e7cdc95ae138ef4f49b951c1f81c713fecdef3af692cec4b4716ac9b770a195ebe");
        byte[] salt2 = Hex.bytes("b616fc6bbedf511119c5ed34629527f1");
        byte[] srpB = Hex.bytes(
                "93f70ebd50f6426aca2568769599f91f24d01284cc51a449e62dcc1527dfe50126b2aa44238e4fb2331419ed4aebf1a0"
                        + "ae15e03abd18bfc52ca6baec564c13b5a1d2e357799897757bb736fdc2ceb1b56aacf19ab3548d6d922a522f0b51"
                        + "f40124c3bc9936aff3e1dcfbea39ac9ad2addc6af0ad30783278bbb84cab0ed8464b0ffeb2b0c93a39a5d97dba01"
                        + "05672ca5475373d8d23e54a6ac9bed9519e8bef4f00719f5ad56151be5537648df2f8e3e7265cb57fb94a054ce2a"
                        + "82b8cc664ad060e0d6c6df1879345440eb977fa0f2d36f31a253d8917732f133d40033a34b6152969b600d59cdab"
                        + "fea2ab2393ad659e56d66e13605b1f61e48e3cd65c0f58ac");
        byte[] a = Hex.bytes(
                "bf31574f34fce1e53891c59b7f62468a0ca682da8585df8de0a18873359755fbb1818878a9ee919bb1e94d20c5f0607e"
                        + "02a33176199bf3220256c9ea1a69f395a515d20539d88cda750a5252fb864f573f2b032f3b467d08b34fd9c89d1c"
                        + "5d06278e113e51d4e893c1c027455af4653f096607a4156d94fb8e1dc7cee5bfe32850982f941ae4414e83bf22df"
                        + "56270b43b7ccc44c26d40886464da8e344a8540795b8f69b8f508552a723cd6931e1d69204e8e9dc056f0a2a10a0"
                        + "d7951e355f3edef5a5e18a9091295a51eb9db10b8b0d30489c8d29bc0cd86e97781f5e30c5b6bfe7caf4aae81b28"
                        + "2e653ac48aa1a8fde789722bc04f4320cd9f86849fe05ca4");

        Srp.Answer answer = Srp.answer(utf8("234567"), 3, P, salt1, salt2, srpB, a);

        assertThat(Hex.of(answer.m1())).isEqualTo("4d7af412c5a2e7b15467376bd118b853604e687b31f51c4980c4d7c1876613e3");
        assertThat(Hex.of(answer.a()))
                .isEqualTo("0fa12bc655b1187a28296a69ae565d682782e0ceb05a089c0c41c1dce983dc7f4a53434ea78e065d9e1cb60e"
                        + "427b4468a4780609feba2f55654ee2efe0aeb72edafde2652e26ed5b4d4baad9d2a381806af63416bf6263df45a4"
                        + "3d85be5401bc223ebfac09421caddd7e260bd6b86542133c048d6cd54b38d8e2ccdf6b550e875b1353a4acfe3292"
                        + "ffb56a0f58b2a39027c9bfdd91fd4c531d23c77d6e8f7d583eaeea316dedded69935296ce7ea34e9be6ef2fbd829"
                        + "eac4c9bd646dc1563e47f77b91431ca002cf79fc149d968272835c15ca1c6b2c5e03712a2e1b5d52f5e4faa1c16c"
                        + "b177fafd96a6aa5b4b3f4c649915644b63855cfb38561ff17fedfb8a");
    }

    private static final byte[] MTCUTE_SALT1 =
            Hex.bytes("9b3accc457c0d5288e8cff31eb21094048bc11902f6614dbb9afb839ee7641c37619537d8ebe749e");
    private static final byte[] MTCUTE_SALT2 = Hex.bytes("6c619bb0786dc4ed1bf211d23f6e4065");

    @Test
    void mtcutePasswordHash() {
        assertThat(Hex.of(SrpPasswordHash.ph2(utf8("qwe123"), MTCUTE_SALT1, MTCUTE_SALT2)))
                .isEqualTo("750f1fe282965e63ce17b98427b35549fb864465211840f6a7c1f2fb657cc33b");
    }

    @Test
    void pbkdf2MatchesRfc6070StyleVectorForHmacSha512() {
        // PBKDF2-HMAC-SHA512("password", "salt", 1 round, 64 bytes), the widely published first vector
        assertThat(Hex.of(SrpPasswordHash.pbkdf2HmacSha512(utf8("password"), utf8("salt"), 1)))
                .isEqualTo("867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252"
                        + "c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce");
    }

    @Test
    void serverAcceptsTheRightPasswordOnlyAndNoProofMadeForAnotherSrpB() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        byte[] salt1 = bytes(random, 40);
        byte[] salt2 = bytes(random, 16);
        byte[] verifier = SrpPasswordHash.verifier(3, P, utf8("correct horse"), salt1, salt2);
        SrpServer server = new SrpServer(3, P, salt1, salt2, verifier, bytes(random, 256));

        Srp.Answer right = Srp.answer(utf8("correct horse"), 3, P, salt1, salt2, server.srpB(), bytes(random, 256));
        Srp.Answer wrong = Srp.answer(utf8("correct horsf"), 3, P, salt1, salt2, server.srpB(), bytes(random, 256));

        assertThat(server.verify(right.a(), right.m1())).isTrue();
        assertThat(server.verify(wrong.a(), wrong.m1())).isFalse();
        byte[] tampered = right.m1();
        tampered[31] ^= 1;
        assertThat(server.verify(right.a(), tampered)).isFalse();
        // A = 1 or A = p - 1 would fix S whatever the password: refused before any proof is compared
        assertThat(server.verify(number256(1), right.m1())).isFalse();
        assertThat(server.verify(SrpMath.pad256(new BigInteger(1, P).subtract(BigInteger.ONE)), right.m1()))
                .isFalse();
        // a proof made for one srp_B (one srp_id) does not pass another
        SrpServer next = new SrpServer(3, P, salt1, salt2, verifier, bytes(random, 256));
        assertThat(next.verify(right.a(), right.m1())).isFalse();
    }

    @Test
    void clientRefusesBadParametersNamingTheCheck() {
        byte[] salt = {1};
        assertThatThrownBy(() -> Srp.answer(utf8("pw"), 3, P, salt, salt, number256(2), number256(5)))
                .isInstanceOf(SecurityCheckException.class)
                .hasMessage("DH_PUBLIC_VALUE_RANGE: srp_B is not strictly between 2^1984 and p - 2^1984");
        byte[] notPrime = P.clone();
        notPrime[255] ^= 2;
        assertThatThrownBy(() -> Srp.answer(utf8("pw"), 3, notPrime, salt, salt, number256(2), number256(5)))
                .isInstanceOf(SecurityCheckException.class)
                .hasMessageStartingWith("DH_");
        assertThatThrownBy(() -> Srp.answer(utf8("pw"), 3, P, salt, salt, number256(2), new byte[255]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("random is 255 bytes, expected 256");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] number256(int value) {
        return SrpMath.pad256(BigInteger.valueOf(value));
    }

    private static byte[] pad(int value) {
        return number256(value);
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
