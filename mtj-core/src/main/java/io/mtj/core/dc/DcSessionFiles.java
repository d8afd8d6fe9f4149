package io.mtj.core.dc;

import io.mtj.core.storage.SessionFile;
import io.mtj.core.storage.SessionFileException;
import io.mtj.core.storage.SessionState;
import io.mtj.core.storage.SessionStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The previous on-disk layout, kept so that code written against it still runs: {@link DcSessionFile} (one file,
 * format version 2) replaces it and reads these files, moving them into its file on its first save. A {@link
 * DcSessionStore} on disk next to a session file {@code PATH}: DC {@code N}'s state in {@code PATH.dcN}
 * (the single-DC {@link SessionFile} format) and the main DC's number in {@code PATH.main}. A session file written by
 * a single-DC client (the older layout: one state at {@code PATH}) is still read: it is DC {@code state.dcId()}'s
 * key, and that DC is the main one until {@code PATH.main} says otherwise.
 */
public final class DcSessionFiles implements DcSessionStore {
    private final Path path;

    /**
     * Files next to {@code path}. Nothing is read or written until a store is asked for its state.
     *
     * @param path the session file the DC files are named after; it need not exist
     */
    public DcSessionFiles(Path path) {
        this.path = path;
    }

    @Override
    public SessionStore forDc(int dcId) {
        SessionFile own = new SessionFile(sibling(".dc" + dcId));
        SessionFile legacy = new SessionFile(path);
        return new SessionStore() {
            @Override
            public Optional<SessionState> load() throws IOException {
                Optional<SessionState> s = own.load();
                if (s.isPresent()) {
                    return s;
                }
                Optional<SessionState> old = legacyState(legacy);
                return old.filter(state -> state.dcId() == dcId);
            }

            @Override
            public void save(SessionState state) throws IOException {
                own.save(state);
            }

            @Override
            public void clear() throws IOException {
                own.clear();
                Optional<SessionState> old = legacyState(legacy);
                if (old.isPresent() && old.get().dcId() == dcId) {
                    legacy.clear();
                }
            }
        };
    }

    @Override
    public OptionalInt mainDc() throws IOException {
        Path main = sibling(".main");
        try {
            String text = Files.readString(main, StandardCharsets.US_ASCII).strip();
            try {
                int dc = Integer.parseInt(text);
                if (dc < 1 || dc > 9999) {
                    throw new NumberFormatException();
                }
                return OptionalInt.of(dc);
            } catch (NumberFormatException e) {
                throw new SessionFileException(
                        main + " should hold the main DC number (1..9999), found '" + text + "'");
            }
        } catch (NoSuchFileException e) {
            Optional<SessionState> old = legacyState(new SessionFile(path));
            return old.isPresent() ? OptionalInt.of(old.get().dcId()) : OptionalInt.empty();
        }
    }

    @Override
    public void mainDc(int dcId) throws IOException {
        Path main = sibling(".main");
        Path tmp = sibling(".main.tmp");
        Files.writeString(tmp, dcId + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, main, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Optional<SessionState> legacyState(SessionFile legacy) throws IOException {
        if (!Files.exists(legacy.path())) {
            return Optional.empty();
        }
        return legacy.load();
    }

    private Path sibling(String suffix) {
        return path.resolveSibling(path.getFileName() + suffix);
    }
}
