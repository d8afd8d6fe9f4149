package io.mtj.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyFactory;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RsaPublicKeyTest {

    @Test
    void productionKeyFingerprintIsD09d1d85de64fd85() throws Exception {
        // fingerprint published by tdesktop (kPublicRSAKeys) and WTelegramClient ("Production Public Key
        // (D09D1D85DE64FD85)"); the key itself is read from ../shared
        RsaPublicKey key = RsaPublicKey.fromPem(SharedFiles.read("telegram/production-rsa.pem"));
        assertThat(key.modulus().bitLength()).isEqualTo(2048);
        assertThat(key.exponent().intValue()).isEqualTo(65537);
        assertThat(key.fingerprint()).isEqualTo(0xd09d1d85de64fd85L);
    }

    @Test
    void testDcKeyFingerprintIsB25898df208d2603() throws Exception {
        // fingerprint published by WTelegramClient ("Test Public Key (B25898DF208D2603)") and MTKruto
        RsaPublicKey key = RsaPublicKey.fromPem(SharedFiles.read("telegram/test-rsa.pem"));
        assertThat(key.fingerprint()).isEqualTo(0xb25898df208d2603L);
    }

    @Test
    void samplesAuthKeyOldServerKeyFingerprintIsC3b42b026ce86b21() {
        RsaPublicKey key = RsaPublicKey.fromPem(SamplesAuthKey.OLD_SERVER_KEY_PEM);
        assertThat(key.fingerprint()).isEqualTo(SamplesAuthKey.OLD_KEY_FINGERPRINT);
    }

    @Test
    void pkcs1PemIsWrittenBackByteForByte() throws Exception {
        String pem = SharedFiles.read("telegram/production-rsa.pem");
        assertThat(RsaPublicKey.fromPem(pem).toPem().strip()).isEqualTo(pem.strip());
        assertThat(RsaPublicKey.fromPem(SamplesAuthKey.OLD_SERVER_KEY_PEM).toPem())
                .isEqualTo(SamplesAuthKey.OLD_SERVER_KEY_PEM);
    }

    @Test
    void x509SpkiFormFromTheJdkGivesTheSameKey() throws Exception {
        RsaPublicKey pkcs1 = RsaPublicKey.fromPem(SamplesAuthKey.OLD_SERVER_KEY_PEM);
        byte[] spki = KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(pkcs1.modulus(), pkcs1.exponent()))
                .getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(spki) + "\n-----END PUBLIC KEY-----\n";
        RsaPublicKey parsed = RsaPublicKey.fromPem(pem);
        assertThat(parsed).isEqualTo(pkcs1);
        assertThat(parsed.fingerprint()).isEqualTo(0xc3b42b026ce86b21L);
    }

    @Test
    void severalBlocksAreReadInOrder() throws Exception {
        String both = SharedFiles.read("telegram/production-rsa.pem") + SamplesAuthKey.OLD_SERVER_KEY_PEM;
        assertThat(RsaPublicKey.allFromPem(both))
                .extracting(RsaPublicKey::fingerprint)
                .containsExactly(0xd09d1d85de64fd85L, 0xc3b42b026ce86b21L);
    }

    @Test
    void rawEncryptionIsModPowPaddedToModulusLength() {
        RsaPublicKey key = RsaPublicKey.fromPem(SamplesAuthKey.OLD_SERVER_KEY_PEM);
        byte[] one = {1};
        assertThat(key.encryptRaw(one)).hasSize(256).endsWith(1).startsWith(0, 0, 0);
        assertThatThrownBy(() -> key.encryptRaw(RsaPublicKey.toFixed(key.modulus(), 256)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RSA input is not below the modulus");
    }

    @Test
    void malformedInputIsRejectedWithWhereAndWhy() {
        assertThatThrownBy(() -> RsaPublicKey.fromPem("nothing here"))
                .isInstanceOf(KeyFormatException.class)
                .hasMessage("no '-----BEGIN RSA PUBLIC KEY-----' or '-----BEGIN PUBLIC KEY-----' block found");
        assertThatThrownBy(() -> RsaPublicKey.fromPem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"))
                .isInstanceOf(KeyFormatException.class)
                .hasMessage("PEM: expected 'RSA PUBLIC KEY' or 'PUBLIC KEY' block, got 'CERTIFICATE'");
        assertThatThrownBy(() -> RsaPublicKey.fromPem("-----BEGIN RSA PUBLIC KEY-----\nAAAA\n"))
                .hasMessage("PEM: '-----END RSA PUBLIC KEY-----' missing");
        // SEQUENCE claiming 0x10a bytes with only 2 present
        assertThatThrownBy(() -> RsaPublicKey.fromPkcs1Der(Hex.bytes("3082010a0201")))
                .isInstanceOf(KeyFormatException.class)
                .hasMessage("DER: element at offset 0x0 declares 266 content bytes but only 2 remain");
        // an OCTET STRING where the modulus INTEGER should be
        assertThatThrownBy(() -> RsaPublicKey.fromPkcs1Der(Hex.bytes("30030401ff")))
                .hasMessage("DER: expected tag 0x02 at offset 0x2, got 0x04");
        // indefinite length
        assertThatThrownBy(() -> RsaPublicKey.fromPkcs1Der(Hex.bytes("3080")))
                .hasMessage("DER: unsupported length form 0x80 at offset 0x1 (definite lengths of 1..3 bytes only)");
        // negative modulus
        assertThatThrownBy(() -> RsaPublicKey.fromPkcs1Der(Hex.bytes("3006020180020103")))
                .hasMessage("DER: modulus at offset 0x2 is not a positive INTEGER");
        // trailing garbage
        assertThatThrownBy(() -> RsaPublicKey.fromPkcs1Der(Hex.bytes("300602010b02010300")))
                .hasMessage("DER: 1 unexpected trailing byte(s) after RSAPublicKey at offset 0x8");
    }

    @Test
    void tlBytesSerialisationOfShortAndLongStrings() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        RsaPublicKey.writeTlBytes(out, Hex.bytes("010001"));
        assertThat(Hex.of(out.toByteArray())).isEqualTo("03010001");
        out.reset();
        RsaPublicKey.writeTlBytes(out, new byte[256]);
        assertThat(out.toByteArray()).hasSize(260).startsWith(0xfe, 0x00, 0x01, 0x00);
    }
}
