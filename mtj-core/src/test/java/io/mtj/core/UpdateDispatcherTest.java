package io.mtj.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.telegram.UpdateConfig;
import io.mtj.api.telegram.UpdateShort;
import io.mtj.api.telegram.Updates;
import io.mtj.api.telegram.UpdatesTooLong;
import io.mtj.api.telegram.UpdatesType;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UpdateDispatcherTest {
    private static final UpdatesType SHORT = new UpdateShort(new UpdateConfig(), 1_700_000_000);
    private static final UpdatesType TOO_LONG = new UpdatesTooLong();
    private static final UpdatesType FULL = new Updates(List.of(new UpdateConfig()), List.of(), List.of(), 5, 9);

    @Test
    void everyListenerGetsTheDecodedUpdateEvenAfterOneThrows() {
        UpdateDispatcher d = new UpdateDispatcher();
        List<String> seen = new CopyOnWriteArrayList<>();
        d.subscribe(u -> seen.add("a " + u));
        d.subscribe(u -> {
            throw new IllegalStateException("listener b fails");
        });
        d.subscribe(u -> seen.add("c " + u));
        d.deliver(SHORT.toByteArray());
        assertThat(seen).containsExactly("a " + SHORT, "c " + SHORT);
    }

    @Test
    void rawListenersGetTheirOwnCopyAndUndecodableUpdatesReachOnlyThem() {
        UpdateDispatcher d = new UpdateDispatcher();
        List<byte[]> raw = new CopyOnWriteArrayList<>();
        List<UpdatesType> typed = new CopyOnWriteArrayList<>();
        d.subscribeRaw(b -> {
            raw.add(b);
            b[0] ^= 1; // a listener that scribbles on its array does not change what others see
        });
        d.subscribeRaw(raw::add);
        d.subscribe(typed::add);
        byte[] body = FULL.toByteArray();
        d.deliver(body);
        assertThat(raw).hasSize(2);
        assertThat(raw.get(1)).isEqualTo(FULL.toByteArray());
        assertThat(typed).containsExactly(FULL);
        byte[] unknown = {0x78, 0x56, 0x34, 0x12, 0, 0, 0, 0};
        d.deliver(unknown);
        assertThat(raw).hasSize(4);
        assertThat(raw.get(3)).isEqualTo(unknown);
        assertThat(typed).containsExactly(FULL);
    }

    @Test
    void closingASubscriptionRemovesOnlyThatRegistration() {
        UpdateDispatcher d = new UpdateDispatcher();
        List<UpdatesType> seen = new CopyOnWriteArrayList<>();
        Subscription first = d.subscribe(seen::add);
        Subscription second = d.subscribe(seen::add);
        d.deliver(TOO_LONG.toByteArray());
        assertThat(seen).hasSize(2);
        first.close();
        first.close(); // twice: still only the first registration is gone
        d.deliver(TOO_LONG.toByteArray());
        assertThat(seen).hasSize(3);
        second.close();
        d.deliver(TOO_LONG.toByteArray());
        assertThat(seen).hasSize(3);
    }

    @Test
    void dispatchDeliversInArrivalOrderOffTheCallingThread() throws Exception {
        UpdateDispatcher d = new UpdateDispatcher();
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        Thread caller = Thread.currentThread();
        d.subscribe(u -> {
            seen.add(u);
            seen.add(Thread.currentThread() != caller);
        });
        List<UpdatesType> sent = List.of(SHORT, TOO_LONG, FULL, SHORT, TOO_LONG);
        for (UpdatesType u : sent) {
            d.dispatch(u.toByteArray());
        }
        for (UpdatesType u : sent) {
            assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo(u);
            assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo(true);
        }
    }
}
