/**
 * MTProto's cryptography: AES-IGE and CTR, RSA keys and padding, DH checks, the key derivation and message cipher.
 * {@link io.mtj.crypto.RsaPublicKey} is what applications use (trusted server keys); the rest serves the other modules.
 */
module io.mtj.crypto {
    requires static transitive org.jspecify;

    exports io.mtj.crypto;
}
