package io.mtj.core.session;

import io.mtj.core.TelegramClient;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The session a {@link TelegramClient} is using, for the project's own tests and tools. Not API: this package is not
 * exported (only to the test DC's module), so {@code TelegramClient} hands out no internal object through its public
 * methods; the client installs the accessor when its class is initialised.
 */
public final class ClientAccess {
    private static volatile @Nullable Function<TelegramClient, Optional<Session>> sessions;

    private ClientAccess() {}

    /** Called once by {@link TelegramClient}'s static initialiser. */
    public static void install(Function<TelegramClient, Optional<Session>> accessor) {
        sessions = Objects.requireNonNull(accessor, "accessor");
    }

    /** The client's current session, if it is connected. */
    public static Optional<Session> session(TelegramClient client) {
        // an instance exists, so TelegramClient's static initialiser has run and installed the accessor
        Function<TelegramClient, Optional<Session>> accessor = sessions;
        if (accessor == null) {
            throw new IllegalStateException("TelegramClient did not install its session accessor");
        }
        return accessor.apply(client);
    }
}
