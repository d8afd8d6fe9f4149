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
 */
public interface DialAttempt<T> {
    T open(DcAddress address) throws IOException;

    void connect(T handle, DcAddress address) throws IOException;

    /** Closes {@code handle}; must not throw and may be called while {@code connect} runs. */
    void abort(T handle);

    /**
     * Client transports: {@code options} for each address (an address marked {@code
     * obfuscatedOnly} may need other options than the rest), connected to the address's endpoint.
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
