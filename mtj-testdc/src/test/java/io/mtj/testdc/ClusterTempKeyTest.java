package io.mtj.testdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.mtproto.BindAuthKeyInner;
import io.mtj.api.telegram.AuthBindTempAuthKey;
import io.mtj.api.telegram.AuthImportBotAuthorization;
import io.mtj.api.telegram.HelpGetCountriesList;
import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.api.telegram.InputUserSelf;
import io.mtj.api.telegram.UsersGetUsers;
import io.mtj.core.wire.MsgIdKind;
import io.mtj.crypto.BindingCipher;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.tl.TlReader;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A temporary key in a cluster, driven by the hand-rolled client: refused with 401 AUTH_KEY_PERM_EMPTY until
 * auth.bindTempAuthKey binds it to a permanent key, then acting for that key's login.
 */
class ClusterTempKeyTest {
    private static final long TEMP_SESSION = 0x7777L;

    @Test
    void anUnboundTemporaryKeyIsRefusedAndABoundOneActsForItsPermanentKey() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(31);
        try (TestCluster cluster = TestCluster.builder()
                        .dcs(1)
                        .media(false)
                        .rsaKey(RsaKeyPair.generate2048(seeded))
                        .bot(42, "SECRET", 1)
                        .build();
                MiniClient permClient = MiniClient.connect(cluster.dc(1).address());
                MiniClient tempClient = MiniClient.connect(cluster.dc(1).address())) {
            TestDc dc = cluster.dc(1);
            ClientHandshake perm = ClientHandshake.complete(permClient, dc.publicKey(), new SplittableRandom(1), 1);
            ClientSession permSession = ClientSession.of(permClient, perm, 0x5555L);
            permSession.send(new AuthImportBotAuthorization(0, 1, "hash", "42:SECRET").toByteArray());
            assertThat(resultId(permSession.receiveUntil(ServiceIds.RPC_RESULT)))
                    .isEqualTo(0x2ea2c0d4);

            ClientHandshake temp = new ClientHandshake(tempClient, dc.publicKey(), new SplittableRandom(2));
            temp.reqPq();
            temp.reqDhParams(temp.innerData(DhExchange.P_Q_INNER_DATA_TEMP_DC, 1, 3600), false);
            assertThat(temp.setClientDh(null)).isEqualTo(DhExchange.DH_GEN_OK);
            ClientSession tempSession = ClientSession.of(tempClient, temp, TEMP_SESSION);
            byte[] getSelf = new UsersGetUsers(List.of(new InputUserSelf())).toByteArray();
            byte[] nearestDc = new HelpGetNearestDc().toByteArray();
            byte[] countries = new HelpGetCountriesList("en", 0).toByteArray();

            tempSession.sendRaw(tempClient.msgIds.next(MsgIdKind.CLIENT), 1, temp.salt(), getSelf);
            assertThat(error(tempSession.receiveUntil(ServiceIds.RPC_RESULT))).isEqualTo("AUTH_KEY_PERM_EMPTY");
            // unbound, it may call help.getNearestDc (and help.getConfig, auth.bindTempAuthKey), nothing else
            tempSession.sendRaw(tempClient.msgIds.next(MsgIdKind.CLIENT), 3, temp.salt(), nearestDc);
            assertThat(resultId(tempSession.receiveUntil(ServiceIds.RPC_RESULT)))
                    .isEqualTo(0x8e1a1775); // nearestDc
            tempSession.sendRaw(tempClient.msgIds.next(MsgIdKind.CLIENT), 5, temp.salt(), countries);
            assertThat(error(tempSession.receiveUntil(ServiceIds.RPC_RESULT))).isEqualTo("AUTH_KEY_PERM_EMPTY");

            // a binding for another session is refused, the right one accepted
            int expiresAt = (int) dc.now().getEpochSecond() + 3600;
            long wrongId = tempClient.msgIds.next(MsgIdKind.CLIENT);
            tempSession.sendRaw(wrongId, 7, temp.salt(), bind(perm, temp, 0x1234L, wrongId, expiresAt));
            assertThat(error(tempSession.receiveUntil(ServiceIds.RPC_RESULT))).isEqualTo("ENCRYPTED_MESSAGE_INVALID");
            long bindId = tempClient.msgIds.next(MsgIdKind.CLIENT);
            tempSession.sendRaw(bindId, 9, temp.salt(), bind(perm, temp, TEMP_SESSION, bindId, expiresAt));
            assertThat(resultId(tempSession.receiveUntil(ServiceIds.RPC_RESULT)))
                    .isEqualTo(0x997275b5); // boolTrue

            tempSession.sendRaw(tempClient.msgIds.next(MsgIdKind.CLIENT), 11, temp.salt(), getSelf);
            ClientSession.Message users = tempSession.receiveUntil(ServiceIds.RPC_RESULT);
            assertThat(resultId(users)).isEqualTo(0x1cb5c415); // Vector<User>: the permanent key's bot
            assertThat(cluster.accounts().dcsLoggedIn(42)).containsExactly(1);
        }
    }

    @Test
    void aTemporaryKeyAnswersMinus404FromItsExpiryByTheDcsClockAndAtOnceWhenForgotten() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(32);
        AtomicLong movedMillis = new AtomicLong();
        InstantSource clock = () -> Instant.now().plusMillis(movedMillis.get());
        try (TestCluster cluster = TestCluster.builder()
                        .dcs(1)
                        .media(false)
                        .clock(clock)
                        .rsaKey(RsaKeyPair.generate2048(seeded))
                        .build();
                MiniClient expiring = MiniClient.connect(cluster.dc(1).address(), clock);
                MiniClient forgotten = MiniClient.connect(cluster.dc(1).address(), clock)) {
            TestDc dc = cluster.dc(1);
            ClientSession soon = tempSession(expiring, dc, 120, 3);
            ClientSession gone = tempSession(forgotten, dc, 3600, 4);
            byte[] nearest = new HelpGetNearestDc().toByteArray();
            soon.send(nearest);
            assertThat(soon.receiveUntil(ServiceIds.RPC_RESULT)).isNotNull();

            movedMillis.addAndGet(119_000); // a second before expires_at: still known
            soon.send(nearest);
            assertThat(soon.receiveUntil(ServiceIds.RPC_RESULT)).isNotNull();
            movedMillis.addAndGet(1_000); // at expires_at: forgotten
            soon.send(nearest);
            assertThat(expiring.receiveError()).isEqualTo(-404);

            gone.send(nearest);
            assertThat(gone.receiveUntil(ServiceIds.RPC_RESULT)).isNotNull();
            assertThat(cluster.forgetTempKey(1, gone.authKeyId())).isTrue();
            gone.send(nearest);
            assertThat(forgotten.receiveError()).isEqualTo(-404);
            assertThat(cluster.forgetTempKey(1, 0x1234L)).isFalse();
        }
    }

    /** A temporary key of {@code expiresIn} seconds made over {@code client}, and a session under it. */
    private static ClientSession tempSession(MiniClient client, TestDc dc, int expiresIn, int seed) throws Exception {
        ClientHandshake temp = new ClientHandshake(client, dc.publicKey(), new SplittableRandom(seed));
        temp.reqPq();
        temp.reqDhParams(temp.innerData(DhExchange.P_Q_INNER_DATA_TEMP_DC, 1, expiresIn), false);
        assertThat(temp.setClientDh(null)).isEqualTo(DhExchange.DH_GEN_OK);
        return ClientSession.of(client, temp, 0x6000L + seed);
    }

    private static byte[] bind(ClientHandshake perm, ClientHandshake temp, long sessionId, long msgId, int expiresAt) {
        long nonce = 0x0102030405060708L;
        byte[] inner =
                new BindAuthKeyInner(nonce, temp.authKeyId(), perm.authKeyId(), sessionId, expiresAt).toByteArray();
        byte[] sealed = BindingCipher.seal(perm.authKey, msgId, inner, new SplittableRandom(9));
        return new AuthBindTempAuthKey(perm.authKeyId(), nonce, expiresAt, sealed).toByteArray();
    }

    /** The constructor id of an rpc_result's result. */
    private static int resultId(ClientSession.Message m) {
        return MiniClient.intLe(m.body(), 12);
    }

    private static String error(ClientSession.Message m) throws Exception {
        assertThat(resultId(m)).isEqualTo(ServiceIds.RPC_ERROR);
        TlReader r = new TlReader(m.body());
        r.readInt();
        r.readLong();
        r.readInt();
        r.readInt();
        return r.readString();
    }
}
