package io.mtj.cli;

import io.mtj.core.ConnectionListener;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Prints each connection step as the client reports it, with its duration, and remembers the last
 * step that finished so a failure can name the step that did not.
 */
final class StepPrinter implements ConnectionListener {
    private final PrintStream out;
    private final ReentrantLock lock = new ReentrantLock();
    private @Nullable Step done;
    private final StringBuilder dhSteps = new StringBuilder();
    private Duration dhTotal = Duration.ZERO;
    private final List<Done> finished = new ArrayList<>();

    /** A step that finished, as printed. */
    record Done(Step step, Duration took, String detail) {}

    StepPrinter(PrintStream out) {
        this.out = out;
    }

    /** The step that is running now: the one after the last that finished. */
    Step current() {
        lock.lock();
        try {
            Step d = done;
            return d == null ? Step.DIAL : d.next();
        } finally {
            lock.unlock();
        }
    }

    /** Whether every step finished. */
    boolean allDone() {
        lock.lock();
        try {
            return done == Step.INIT;
        } finally {
            lock.unlock();
        }
    }

    /** The steps that finished, in order. */
    List<Done> finished() {
        lock.lock();
        try {
            return List.copyOf(finished);
        } finally {
            lock.unlock();
        }
    }

    static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }

    private void print(Step step, Duration took, String detail) {
        lock.lock();
        try {
            done = step;
            finished.add(new Done(step, took, detail));
            out.printf(Locale.ROOT, "step %d  %-32s %10s  %s%n", step.number(), step.title(), millis(took), detail);
            out.flush();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Step 1's line names the address that won the dial race and, when it was not the only one tried, how many
     * were; each address that failed first has its own line before it, so one connection attempt prints one dial
     * step (the HTTP transport's further pooled connections are not dial steps).
     */
    @Override
    public void dialed(String target, int attempts, Duration took) {
        print(Step.DIAL, took, target + (attempts > 1 ? " (" + attempts + " addresses tried)" : ""));
    }

    @Override
    public void dialFailed(String address, IOException cause, Duration took) {
        lock.lock();
        try {
            out.printf(
                    Locale.ROOT,
                    "        %-32s %10s  %s: %s%n",
                    "dial attempt failed",
                    millis(took),
                    address,
                    ConnectCommand.describe(cause));
            out.flush();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void transportReady(String framing, boolean obfuscated, Duration took) {
        print(Step.TRANSPORT, took, framing.toLowerCase(Locale.ROOT) + (obfuscated ? ", obfuscated" : ""));
    }

    @Override
    public void dhStep(DhStep step, Duration took) {
        lock.lock();
        try {
            if (!dhSteps.isEmpty()) {
                dhSteps.append(", ");
            }
            dhSteps.append(dhName(step)).append(' ').append(millis(took));
            dhTotal = dhTotal.plus(took);
            if (step == DhStep.SET_CLIENT_DH_PARAMS) {
                print(Step.DH_EXCHANGE, dhTotal, dhSteps.toString());
            }
        } finally {
            lock.unlock();
        }
    }

    /** The TL name of the call each step sends. */
    static String dhName(DhStep step) {
        return switch (step) {
            case REQ_PQ -> "req_pq_multi";
            case REQ_DH_PARAMS -> "req_DH_params";
            case SET_CLIENT_DH_PARAMS -> "set_client_DH_params";
        };
    }

    @Override
    public void authKeyReady(long authKeyId, boolean reused, Duration took) {
        lock.lock();
        try {
            if (reused && done != Step.DH_EXCHANGE) {
                print(Step.DH_EXCHANGE, Duration.ZERO, "skipped: auth key from the session file");
            }
            print(Step.AUTH_KEY, took, String.format("id %016x%s", authKeyId, reused ? ", reused" : ", new"));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void sessionStarted(long sessionId, Duration took) {
        print(Step.SESSION, took, String.format("session %016x", sessionId));
    }

    @Override
    public void initialized(int layer, Duration took) {
        print(Step.INIT, took, "layer " + layer);
    }
}
