package io.mtj.testdc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.telegram.TelegramRegistry;
import io.mtj.api.telegram.UpdateConfig;
import io.mtj.api.telegram.UpdateShort;
import io.mtj.api.telegram.UpdatesTooLong;
import io.mtj.api.telegram.UpdatesType;
import io.mtj.core.ClientConfig;
import io.mtj.core.Subscription;
import io.mtj.core.TelegramClient;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.TestDc;
import io.mtj.transport.Endpoint;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Updates the test DC pushes reach every subscribed listener decoded, and raw listeners as bytes. */
class TypedUpdatesTest {
    @Test
    void pushedUpdatesReachSeveralListenersDecodedAndRaw() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(99);
        RsaKeyPair rsa = RsaKeyPair.generate2048(seeded);
        try (TestDc dc = TestDc.builder()
                        .rsaKey(rsa)
                        .apiRegistry(TelegramRegistry.registry())
                        .build();
                TelegramClient client = new TelegramClient(ClientConfig.builder(1, "00000000000000000000000000000000")
                        .endpoint(Endpoint.of("127.0.0.1", dc.port(), dc.dcId()))
                        .serverKeys(List.of(dc.publicKey()))
                        .callTimeout(Duration.ofSeconds(10))
                        .build())) {
            BlockingQueue<UpdatesType> first = new LinkedBlockingQueue<>();
            BlockingQueue<UpdatesType> second = new LinkedBlockingQueue<>();
            BlockingQueue<byte[]> raw = new LinkedBlockingQueue<>();
            Subscription a = client.subscribe(u -> {
                first.add(u);
                throw new IllegalStateException("a failing listener does not stop the others");
            });
            client.subscribe(second::add);
            client.subscribeRawUpdates(raw::add);
            client.connect();

            UpdateShort pushed = new UpdateShort(new UpdateConfig(), 1_700_000_000);
            assertThat(dc.pushUpdate(pushed)).isEqualTo(1);
            assertThat(first.poll(10, TimeUnit.SECONDS)).isEqualTo(pushed);
            assertThat(second.poll(10, TimeUnit.SECONDS)).isEqualTo(pushed);
            assertThat(raw.poll(10, TimeUnit.SECONDS)).isEqualTo(pushed.toByteArray());

            a.close();
            assertThat(dc.pushUpdate(new UpdatesTooLong())).isEqualTo(1);
            assertThat(second.poll(10, TimeUnit.SECONDS)).isEqualTo(new UpdatesTooLong());
            assertThat(raw.poll(10, TimeUnit.SECONDS)).isEqualTo(new UpdatesTooLong().toByteArray());
            assertThat(first).isEmpty();
        }
    }
}
