package io.mtj.testdc;

import io.mtj.crypto.RsaKeyPair;

/** One RSA key for all tests of the module (generating 2048-bit keys is slow). */
final class TestKeys {
    static final RsaKeyPair RSA = RsaKeyPair.generate2048();

    private TestKeys() {}
}
