/**
 * The cryptography MTProto needs, built on the JDK's providers only, shared by the client and the
 * local test DC.
 *
 * <ul>
 *   <li>{@link io.mtj.crypto.MessageCipher}: whole MTProto 2.0 messages (auth_key_id, msg_key,
 *       AES-256-IGE), both directions, with the checks on receipt.
 *   <li>{@link io.mtj.crypto.KeyDerivation}: auth_key_id, msg_key, the aes_key/aes_iv KDF, the key
 *       exchange's tmp_aes_key/iv, new_nonce_hash1/2/3 and the first server salt.
 *   <li>{@link io.mtj.crypto.AesIge}, {@link io.mtj.crypto.AesCtr}: the two AES modes.
 *   <li>{@link io.mtj.crypto.RsaPublicKey}, {@link io.mtj.crypto.RsaKeyPair}, {@link
 *       io.mtj.crypto.RsaPad}: PEM keys, fingerprints, RSA_PAD and the legacy SHA-1 scheme.
 *   <li>{@link io.mtj.crypto.PqFactorizer}, {@link io.mtj.crypto.DhChecks}, {@link
 *       io.mtj.crypto.HashedData}: the rest of the key exchange.
 *   <li>{@link io.mtj.crypto.Srp}, {@link io.mtj.crypto.SrpServer}, {@link io.mtj.crypto.SrpPasswordHash}:
 *       two-step verification (SRP-6a as core.telegram.org/api/srp defines it), both sides.
 *   <li>{@link io.mtj.crypto.Digests}, {@link io.mtj.crypto.Crc32}: hashing helpers.
 * </ul>
 *
 * <p>Failed checks on received data throw {@link io.mtj.crypto.SecurityCheckException} (an {@code
 * IOException}); malformed keys throw {@link io.mtj.crypto.KeyFormatException}; misuse by the caller
 * (wrong lengths of keys or plaintexts) throws {@code IllegalArgumentException}. Randomness is always
 * passed in as a {@link java.util.random.RandomGenerator} ({@code SecureRandom} in production).
 */
@NullMarked
package io.mtj.crypto;

import org.jspecify.annotations.NullMarked;
