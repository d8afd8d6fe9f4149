package io.mtj.core.dc;

import io.mtj.core.storage.DcStatesFile;
import io.mtj.core.storage.SessionFile;
import io.mtj.core.storage.SessionFileException;
import io.mtj.core.storage.SessionState;
import io.mtj.core.storage.SessionStore;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DcSessionStore} in one file ({@link DcStatesFile}, format version 2): the main DC and every DC's auth key,
 * salts, clock offset and address. Each save rewrites the whole file atomically, under one lock, from the state this
 * object holds, so several DCs' clients saving at once neither tear the file nor lose each other's updates.
 *
 * <p>It still reads what earlier versions wrote and moves it into the file on the first save: a single-DC session file
 * at the same path (version 1: that DC's key, and that DC as the main one), and the per-DC files of the last layout
 * ({@code PATH.dcN} and {@code PATH.main}, which win over a version 1 file, being newer); those per-DC files are
 * deleted once the new file is written. A damaged file is moved to {@code PATH.corrupt} with a warning naming the path
 * and the fault (the account then starts over), or refused with {@link SessionFileException} under {@link
 * SessionFile.OnCorrupt#REFUSE}.
 *
 * <p>One object per file: two objects (or two processes) over one file would each write what they hold.
 */
public final class DcSessionFile implements DcSessionStore {
    private static final System.Logger LOG = System.getLogger(DcSessionFile.class.getName());

    private final DcStatesFile file;
    private final SessionFile.OnCorrupt onCorrupt;
    private final ReentrantLock lock = new ReentrantLock();
    private final TreeMap<Integer, SessionState> states = new TreeMap<>();
    private final List<Path> oldFiles = new ArrayList<>();
    private int main;
    private boolean loaded;

    /**
     * The store at {@code path} that sets a damaged file aside. Nothing is read until first asked.
     *
     * @param path the session file; it need not exist
     */
    public DcSessionFile(Path path) {
        this(path, SessionFile.OnCorrupt.SET_ASIDE);
    }

    /**
     * The store at {@code path}.
     *
     * @param path the session file; it need not exist
     * @param onCorrupt what reading a damaged file does
     */
    public DcSessionFile(Path path, SessionFile.OnCorrupt onCorrupt) {
        this.file = new DcStatesFile(path);
        this.onCorrupt = onCorrupt;
    }

    /** {@return the absolute path of the file} */
    public Path path() {
        return file.path();
    }

    @Override
    public SessionStore forDc(int dcId) {
        return new SessionStore() {
            @Override
            public Optional<SessionState> load() throws IOException {
                lock.lock();
                try {
                    loadLocked();
                    return Optional.ofNullable(states.get(dcId));
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public void save(SessionState state) throws IOException {
                if (state.dcId() != dcId) {
                    throw new IOException("dc " + dcId + "'s store was handed dc " + state.dcId() + "'s session");
                }
                change(dcId, state);
            }

            @Override
            public void clear() throws IOException {
                change(dcId, null);
            }
        };
    }

    @Override
    public OptionalInt mainDc() throws IOException {
        lock.lock();
        try {
            loadLocked();
            return main == 0 ? OptionalInt.empty() : OptionalInt.of(main);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void mainDc(int dcId) throws IOException {
        if (dcId < 1) {
            throw new IllegalArgumentException("a dc id is positive, got " + dcId);
        }
        lock.lock();
        try {
            loadLocked();
            int before = main;
            main = dcId;
            try {
                writeLocked();
            } catch (IOException | RuntimeException e) {
                main = before;
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sets (or, with null, removes) one DC's state and rewrites the file; on failure the state stays as it was. */
    private void change(int dcId, @Nullable SessionState next) throws IOException {
        lock.lock();
        try {
            loadLocked();
            SessionState before = next == null ? states.remove(dcId) : states.put(dcId, next);
            if (next == null && before == null) {
                return; // nothing to forget
            }
            try {
                writeLocked();
            } catch (IOException | RuntimeException e) {
                if (before == null) {
                    states.remove(dcId);
                } else {
                    states.put(dcId, before);
                }
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    private void writeLocked() throws IOException {
        file.write(new DcStatesFile.Contents(main, states));
        for (Path old : oldFiles) {
            Files.deleteIfExists(old); // their contents are in the new file now
        }
        oldFiles.clear();
    }

    private void loadLocked() throws IOException {
        if (loaded) {
            return;
        }
        Optional<DcStatesFile.Read> read = readOrSetAside();
        if (read.isPresent()) {
            states.putAll(read.get().contents().states());
            main = read.get().contents().mainDc();
        }
        if (read.isEmpty() || read.get().version() != DcStatesFile.VERSION) {
            readPerDcFiles();
        }
        loaded = true;
    }

    private Optional<DcStatesFile.Read> readOrSetAside() throws IOException {
        if (Files.isDirectory(file.path())) {
            throw new SessionFileException("session file " + file.path()
                    + " is a directory, not a file; name a file (it is created on the first save)");
        }
        try {
            return file.read();
        } catch (SessionFileException e) {
            if (onCorrupt == SessionFile.OnCorrupt.REFUSE) {
                throw e;
            }
            Path aside = file.path().resolveSibling(file.path().getFileName() + ".corrupt");
            Files.move(file.path(), aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.log(Level.WARNING, "{0}; kept it as {1} and starting over with new keys", e.getMessage(), aside);
            return Optional.empty();
        }
    }

    /** The per-DC layout of the last version: {@code PATH.dcN} files and {@code PATH.main}. */
    private void readPerDcFiles() throws IOException {
        Path path = file.path();
        String prefix = path.getFileName() + ".dc";
        List<Path> dcFiles = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(path.getParent(), glob(prefix) + "*")) {
            for (Path p : dir) {
                String digits = p.getFileName().toString().substring(prefix.length());
                if (!digits.isEmpty() && digits.length() <= 4 && digits.chars().allMatch(Character::isDigit)) {
                    dcFiles.add(p);
                }
            }
        } catch (NoSuchFileException e) {
            return; // no directory yet: nothing was ever saved
        }
        for (Path p : dcFiles) {
            int dc = Integer.parseInt(p.getFileName().toString().substring(prefix.length()));
            Optional<SessionState> s = new SessionFile(p, onCorrupt).load();
            if (s.isPresent() && s.get().dcId() == dc) {
                states.put(dc, s.get());
            } else if (s.isPresent()) {
                LOG.log(
                        Level.WARNING,
                        "{0} holds dc {1}''s session, not dc {2}''s; ignored",
                        p,
                        s.get().dcId(),
                        dc);
            }
            oldFiles.add(p);
        }
        Path mainFile = path.resolveSibling(path.getFileName() + ".main");
        try {
            String text = Files.readString(mainFile, StandardCharsets.US_ASCII).strip();
            try {
                int dc = Integer.parseInt(text);
                if (dc < 1 || dc > 9999) {
                    throw new NumberFormatException();
                }
                main = dc;
            } catch (NumberFormatException e) {
                throw new SessionFileException(
                        mainFile + " should hold the main DC number (1..9999), found '" + text + "'");
            }
            oldFiles.add(mainFile);
        } catch (NoSuchFileException e) {
            // no per-DC layout, or one that never moved its main DC
        }
    }

    private static String glob(String literal) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if ("*?[]{}\\".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
