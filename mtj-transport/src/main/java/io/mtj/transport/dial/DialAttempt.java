package io.mtj.transport.dial;

import io.mtj.transport.FramedTransport;
import io.mtj.transport.TransportOptions;
import java.io.IOException;
import java.util.function.Function;

/**
 * What a {@link DialRace} runs for one address, in two parts so that a losing attempt can be
 * stopped: {@link #open} makes the handle without I/O, {@link #connect} runs the transport step
 * (dial, proxies, outer-layer handshake, tag) and blocks, {@link #abort} closes the handle from
 * another thread and makes a running {@code connect} fail promptly.
 *
 * @param <T> the handle one attempt produces, for example a {@link FramedTransport}
 */
public interface DialAttempt<T> {
    /**
     * Makes the handle for one address without doing I/O; called on the racing thread.
     *
     * @param address the address to be tried
     * @return the new handle, owned by the race until it wins or is aborted
     * @throws IOException if no handle can be made; counts as the address failing
     */
    T open(DcAddress address) throws IOException;

    /**
     * Runs the transport step on {@code handle} and blocks until it is done; called on a virtual thread of
     * its own, which the race interrupts (after {@link #abort}) when it no longer needs the attempt: a blocking
     * socket call on a virtual thread then closes its socket and throws, which ends a dial that {@code abort}
     * could not reach because the handle had no socket yet.
     *
     * @param handle the handle {@link #open} made for {@code address}
     * @param address the address to connect to
     * @throws IOException if connecting fails, including because {@link #abort} closed the handle
     */
    void connect(T handle, DcAddress address) throws IOException;

    /**
     * Closes {@code handle}; must not throw and may be called while {@code connect} runs.
     *
     * @param handle the handle of a losing or late attempt
     */
    void abort(T handle);

    /**
     * Client transports: {@code options} for each address (an address marked {@code
     * obfuscatedOnly} may need other options than the rest), connected to the address's endpoint.
     *
     * @param options gives the transport options for an address
     * @return an attempt that opens a {@link FramedTransport}, connects it and closes it on abort
     */
    static DialAttempt<FramedTransport> transports(Function<DcAddress, TransportOptions> options) {
        return new DialAttempt<>() {
            @Override
            public FramedTransport open(DcAddress address) {
                return FramedTransport.client(options.apply(address));
            }

            @Override
            public void connect(FramedTransport handle, DcAddress address) throws IOException {
                handle.connect(address.endpoint());
            }

            @Override
            public void abort(FramedTransport handle) {
                handle.close();
            }
        };
    }
}
