package io.mtj.api;

import io.mtj.api.mtproto.MtprotoRegistry;
import io.mtj.api.telegram.TelegramRegistry;
import io.mtj.tl.TlRegistry;

/** The combined registry of both generated schemas. */
public final class Schema {
    private static final TlRegistry REGISTRY =
            TlRegistry.union(MtprotoRegistry.registry(), TelegramRegistry.registry());

    private Schema() {}

    /** Decoders for every constructor and function of mtproto.tl and api.tl. */
    public static TlRegistry registry() {
        return REGISTRY;
    }
}
