package io.mtj.testdc;

import io.mtj.transport.ForwardingWire;
import io.mtj.transport.Wire;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A wire that closes itself once a byte budget for writing is spent, cutting a frame short if need be: the
 * "close after N bytes" fault. A negative budget means unlimited.
 */
final class ByteBudgetWire extends ForwardingWire {
    private final AtomicLong budget;

    ByteBudgetWire(Wire below, long budget) {
        super(below);
        this.budget = new AtomicLong(budget);
    }

    void budget(long bytes) {
        budget.set(bytes);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        long left = budget.get();
        if (left < 0 || left >= len) {
            below.write(buf, off, len);
            if (left >= 0) {
                budget.addAndGet(-len);
            }
            return;
        }
        below.write(buf, off, (int) left);
        budget.set(0);
        below.flush();
        below.close();
        throw new IOException("test DC fault: connection closed after its byte budget was spent");
    }
}
