package io.mtj.core;

import io.mtj.core.ConnectionEvents.Step;
import io.mtj.core.event.DialEvent;
import io.mtj.transport.Dialer;
import io.mtj.transport.FramedTransport;
import io.mtj.transport.Framing;
import io.mtj.transport.HttpTransport;
import io.mtj.transport.Scheduler;
import io.mtj.transport.Transport;
import io.mtj.transport.TransportOptions;
import io.mtj.transport.dial.DcAddress;
import io.mtj.transport.dial.DialAttempt;
import io.mtj.transport.dial.DialRace;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Steps 1 and 2 of a {@link ConnectPlan}: a {@link DialRace} over the candidates, each attempt a transport of the
 * configured kind (framed, or the HTTP pool) dialled and brought through its transport step (proxies, fake-TLS or
 * WebSocket handshake, tag). The first to finish is kept; the listener hears each failed attempt, then the winner's
 * dial (socket connected: its own address, or the proxy's) and transport step with their own durations and the
 * number of attempts started. With one candidate (a proxy route) there is no race: the dial step ends when the
 * socket connects, so a proxy or server that then stays silent is reported as step 2's failure. Sockets an attempt
 * opens after its first (the HTTP transport's pool) are not dial steps and are not reported.
 *
 * <p>Apart from {@link ConnectPlan} because a race has its own state (one handle per attempt, a timer, the listener
 * adapter) and the plan keeps one short method per step.
 */
final class DialStep {
    private final ClientConfig config;
    private final ConnectionEvents events;

    /**
     * A won race.
     *
     * @param transport the connected transport, owned by the caller
     * @param address the address that won
     * @param attempts how many attempts had started by then
     */
    record Dialled(Transport transport, DcAddress address, int attempts) {}

    DialStep(ClientConfig config, ConnectionEvents events) {
        this.config = config;
        this.events = events;
    }

    /**
     * Races {@code candidates} for at most {@code timeout}.
     *
     * @throws io.mtj.transport.dial.DialFailedException when every attempt failed or the time ran out
     */
    Dialled run(List<DcAddress> candidates, Duration timeout) throws IOException, InterruptedException {
        Step<DialEvent> step = ConnectionEvents.dial();
        DialOptions options = config.dialOptions();
        boolean race = candidates.size() > 1;
        DialRace.Listener listener = !race
                ? DialRace.Listener.NONE // one route: its failure is the connect's own, reported once by the caller
                : new DialRace.Listener() {
                    @Override
                    public void failed(DcAddress address, IOException cause, Duration took) {
                        events.dialFailed(address.key(), cause, took);
                    }
                };
        DialRace dialRace = new DialRace(Scheduler.shared(), options.stagger(), options.cooldown(), listener);
        // one route: step 1 ends when its socket connects, as the user reads it (a proxy that then says nothing
        // fails step 2); in a race it ends with the winner, the only socket that counts
        Attempts attempts = new Attempts(
                race ? null : (target, at) -> events.dialed(step, target, 1, Duration.ofNanos(at - step.startNanos)));
        DialRace.Won<Attempt> won = dialRace.run(candidates, attempts, timeout);
        Attempt a = won.handle();
        long socketAt = a.socketAt;
        long now = System.nanoTime();
        String target = a.target;
        if (race) {
            Duration dial = Duration.ofNanos((socketAt == 0 ? now : socketAt) - step.startNanos);
            events.dialed(step, target != null ? target : won.address().key(), won.started(), dial);
        }
        TransportOptions o = a.options;
        events.transportReady(
                ConnectionEvents.transport(),
                o.framing().name(),
                o.obfuscated(),
                Duration.ofNanos(socketAt == 0 ? 0 : now - socketAt));
        return new Dialled(a.transport, won.address(), won.started());
    }

    /** One attempt: its transport, and where and when its first socket connected. */
    private static final class Attempt {
        final TransportOptions options;
        final Transport transport;
        volatile @Nullable String target;
        volatile long socketAt;

        Attempt(ClientConfig config, @Nullable BiConsumer<String, Long> onSocket) throws IOException {
            // a plain HTTP proxy carrying the HTTP transport is dialled directly (no CONNECT)
            Dialer base = TransportRoute.forwardsHttp(config) ? Dialer.DIRECT : config.dialer();
            Dialer recording = (target, timeout) -> {
                Socket socket = base.dial(target, timeout);
                if (this.target == null) {
                    long at = System.nanoTime();
                    String name = target.getHostString() + ":" + target.getPort();
                    this.socketAt = at;
                    this.target = name;
                    if (onSocket != null) {
                        onSocket.accept(name, at);
                    }
                }
                return socket;
            };
            this.options = TransportRoute.transportOptions(config, recording);
            this.transport =
                    options.framing() == Framing.HTTP ? new HttpTransport(options) : FramedTransport.client(options);
        }
    }

    private final class Attempts implements DialAttempt<Attempt> {
        private final @Nullable BiConsumer<String, Long> onSocket;

        Attempts(@Nullable BiConsumer<String, Long> onSocket) {
            this.onSocket = onSocket;
        }

        @Override
        public Attempt open(DcAddress address) throws IOException {
            return new Attempt(config, onSocket);
        }

        @Override
        public void connect(Attempt handle, DcAddress address) throws IOException {
            handle.transport.connect(address.endpoint());
        }

        @Override
        public void abort(Attempt handle) {
            handle.transport.close();
        }
    }
}
