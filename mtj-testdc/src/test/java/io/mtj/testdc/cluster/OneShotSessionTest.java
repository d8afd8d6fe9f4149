package io.mtj.testdc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.core.ConnectionListener;
import io.mtj.core.auth.AuthKey;
import io.mtj.core.auth.KeyExchange;
import io.mtj.core.auth.OneShotSession;
import io.mtj.core.auth.PlainChannel;
import io.mtj.core.auth.TempAuthKey;
import io.mtj.core.auth.TempKeyBinding;
import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.crypto.KeyDerivation;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.TestCluster;
import io.mtj.testdc.TestDc;
import io.mtj.transport.Endpoint;
import io.mtj.transport.FramedTransport;
import io.mtj.transport.Transport;
import io.mtj.transport.TransportOptions;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one-shot session the client binds and probes temporary keys in, against a cluster DC: it corrects a wrong salt
 * and sends again, and reports a refused binding with the DC's error.
 */
class OneShotSessionTest {
    private static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(78);
        cluster = TestCluster.builder()
                .dcs(1)
                .media(false)
                .rsaKey(RsaKeyPair.generate2048(seeded))
                .build();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Transport connect() throws Exception {
        Transport t = FramedTransport.client(TransportOptions.builder().build());
        t.connect(Endpoint.of("127.0.0.1", cluster.dc(1).port(), 1));
        return t;
    }

    private static AuthKey exchange(Transport t, MsgIdGenerator ids, int expiresIn) throws Exception {
        TestDc dc = cluster.dc(1);
        return new KeyExchange(
                        List.of(dc.publicKey()),
                        new SplittableRandom(expiresIn + 1),
                        InstantSource.system(),
                        1,
                        ConnectionListener.NONE,
                        expiresIn)
                .run(new PlainChannel(t, ids));
    }

    @Test
    void aWrongSaltIsCorrectedFromBadServerSaltAndThePingSentAgain() throws Exception {
        Transport t = connect();
        try {
            MsgIdGenerator ids = new MsgIdGenerator(InstantSource.system());
            AuthKey key = exchange(t, ids, 0);
            long wrong = key.serverSalt() ^ 0x5a5a5a5aL;
            OneShotSession session = new OneShotSession(t, key, wrong, ids, new SplittableRandom(3));
            TempKeyBinding.probe(session, new SplittableRandom(4));
            assertThat(session.salt()).isEqualTo(cluster.dc(1).serverSalt(key.id()));
            assertThat(session.salt()).isNotEqualTo(wrong);
        } finally {
            t.close();
        }
    }

    @Test
    void aBindingToAPermanentKeyTheDcDoesNotKnowIsRefusedAsEncryptedMessageInvalid() throws Exception {
        Transport t = connect();
        try {
            MsgIdGenerator ids = new MsgIdGenerator(InstantSource.system());
            AuthKey temp = exchange(t, ids, 3600);
            byte[] unknown = new byte[256];
            new SplittableRandom(6).nextBytes(unknown);
            AuthKey perm = new AuthKey(unknown, KeyDerivation.authKeyId(unknown), 0, 0);
            TempAuthKey bound = new TempAuthKey(temp, ids.now().plusSeconds(3600), 3600);
            OneShotSession session = new OneShotSession(t, temp, temp.serverSalt(), ids, new SplittableRandom(7));
            assertThatThrownBy(() -> TempKeyBinding.bind(session, perm, bound, new SplittableRandom(8)))
                    .isInstanceOfSatisfying(TempKeyBinding.RefusedException.class, e -> {
                        assertThat(e.encryptedMessageInvalid()).isTrue();
                        assertThat(e.rpc().code()).isEqualTo(400);
                        assertThat(e.getMessage())
                                .isEqualTo("the server refused to bind temporary key 0x"
                                        + Long.toHexString(temp.id()) + " to permanent key 0x"
                                        + Long.toHexString(perm.id()) + ": "
                                        + e.rpc().getMessage());
                    });
            assertThat(cluster.boundTempKey(1, perm.id())).isEmpty();
        } finally {
            t.close();
        }
    }
}
