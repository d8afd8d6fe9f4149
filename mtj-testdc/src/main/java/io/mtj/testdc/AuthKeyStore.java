package io.mtj.testdc;

import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Where the test DC keeps the auth keys clients created with it, by auth_key_id. The default lives in memory and
 * dies with the DC; pass one store to several DCs started one after another (or implement it over a file) so that a
 * client's saved session keeps working across a DC restart. Implementations must be thread-safe.
 */
public interface AuthKeyStore {
    /** The 256-byte auth key with this id, or null when unknown. */
    byte @Nullable [] load(long authKeyId);

    /** Remembers a newly created key. */
    void save(long authKeyId, byte[] authKey);

    /** A thread-safe in-memory store. */
    static AuthKeyStore inMemory() {
        ConcurrentHashMap<Long, byte[]> keys = new ConcurrentHashMap<>();
        return new AuthKeyStore() {
            @Override
            public byte @Nullable [] load(long authKeyId) {
                byte[] key = keys.get(authKeyId);
                return key == null ? null : key.clone();
            }

            @Override
            public void save(long authKeyId, byte[] authKey) {
                keys.put(authKeyId, authKey.clone());
            }
        };
    }
}
