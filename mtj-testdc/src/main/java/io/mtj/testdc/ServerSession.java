package io.mtj.testdc;

import io.mtj.core.wire.ReplayGuard;
import io.mtj.core.wire.SeqNoCounter;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/** The DC's state for one client session (auth key id plus session id): seqnos, replay memory, wrappers seen. */
final class ServerSession {
    final long authKeyId;
    final long sessionId;
    final SeqNoCounter outSeq = new SeqNoCounter();
    final ReplayGuard replay = new ReplayGuard();
    final ReentrantLock lock = new ReentrantLock();
    /** The connection the session last spoke on; updates are pushed there. */
    volatile @Nullable DcConnection connection;

    volatile int layer;
    volatile @Nullable InitConnectionInfo init;

    ServerSession(long authKeyId, long sessionId) {
        this.authKeyId = authKeyId;
        this.sessionId = sessionId;
    }

    record Key(long authKeyId, long sessionId) {}
}
