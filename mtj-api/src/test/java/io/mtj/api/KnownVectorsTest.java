package io.mtj.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.api.mtproto.Message;
import io.mtj.api.mtproto.MsgContainer;
import io.mtj.api.mtproto.MsgsAck;
import io.mtj.api.mtproto.Ping;
import io.mtj.api.mtproto.Pong;
import io.mtj.api.mtproto.ReqDHParams;
import io.mtj.api.mtproto.ReqPqMulti;
import io.mtj.api.mtproto.ResPQ;
import io.mtj.api.mtproto.RpcResult;
import io.mtj.api.mtproto.ServerDHParamsFail;
import io.mtj.api.mtproto.ServerDHParamsType;
import io.mtj.api.telegram.ApiLayer;
import io.mtj.api.telegram.ContactsGetContactIDs;
import io.mtj.api.telegram.HelpGetConfig;
import io.mtj.api.telegram.InputFileBig;
import io.mtj.api.telegram.InputMediaUploadedPhoto;
import io.mtj.api.telegram.InputPeerSelf;
import io.mtj.api.telegram.InputPeerType;
import io.mtj.api.telegram.InputPeerUserFromMessage;
import io.mtj.api.telegram.InputPhoto;
import io.mtj.api.telegram.InvokeWithLayer;
import io.mtj.api.telegram.User;
import io.mtj.api.telegram.UserType;
import io.mtj.tl.TlDecodeException;
import io.mtj.tl.TlGzip;
import io.mtj.tl.TlReader;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-checked wire bytes for the generated classes; each test names where its expected bytes come from. */
class KnownVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    // core.telegram.org/mtproto/samples-auth_key (corefork mirror), step 1: nonce of the req_pq_multi sample
    private static final byte[] NONCE = hex("75E622F3BC7D714632B833821FD7BB0C");
    // same page, step 2: the resPQ message body (offset 0x14 of the received payload, 0x50 bytes)
    private static final byte[] RES_PQ =
            hex("63241605 75E622F3BC7D714632B833821FD7BB0C 8EC53EC050CB2D475B457BAF445B49F5"
                    + " 0816E748B29522C68F000000 15C4B51C 03000000"
                    + " 85FD64DE851D9DD0 A5B7F709355FC30B 216BE86C022BB4C3");

    @Test
    void reqPqMultiMatchesTheSample() {
        // samples-auth_key step 1: %(req_pq_multi) f18e7ebe then the 16-byte nonce
        assertThat(new ReqPqMulti(NONCE).toByteArray()).isEqualTo(hex("F18E7EBE 75E622F3BC7D714632B833821FD7BB0C"));
    }

    @Test
    void resPQFromTheSampleDecodes() throws TlDecodeException {
        ResPQ res = new ReqPqMulti(NONCE).readResult(new TlReader(RES_PQ));
        assertThat(res.nonce()).isEqualTo(NONCE);
        assertThat(res.serverNonce()).isEqualTo(hex("8EC53EC050CB2D475B457BAF445B49F5"));
        // pq = 0x16E748B29522C68F = 1650367720298038927 (big-endian string of 8 bytes)
        assertThat(res.pq()).isEqualTo(hex("16E748B29522C68F"));
        assertThat(res.serverPublicKeyFingerprints())
                .containsExactly(0xD09D1D85DE64FD85L, 0x0BC35F3509F7B7A5L, 0xC3B42B026CE86B21L);
        assertThat(res.toByteArray()).isEqualTo(RES_PQ);
        assertThat(Schema.registry().decode(RES_PQ)).isEqualTo(res);
    }

    @Test
    void reqDHParamsHasTheSampleLayout() {
        // layout from samples-auth_key step 4 (req_DH_params table): id, nonce, server_nonce, p, q, fingerprint,
        // encrypted_data. p and q are the factors of the sample's pq: 1145839111 = 0x444C1E07 and
        // 1440313657 = 0x55D97139, as 4-byte big-endian strings; the fingerprint is the sample's first one;
        // encrypted_data is a synthetic 256-byte block (0x00..0xff), so its length takes the 0xfe form.
        byte[] encrypted = new byte[256];
        for (int i = 0; i < 256; i++) {
            encrypted[i] = (byte) i;
        }
        ReqDHParams req = new ReqDHParams(
                NONCE,
                hex("8EC53EC050CB2D475B457BAF445B49F5"),
                hex("444C1E07"),
                hex("55D97139"),
                0xD09D1D85DE64FD85L,
                encrypted);
        byte[] expectedHead = hex("BEE412D7 75E622F3BC7D714632B833821FD7BB0C 8EC53EC050CB2D475B457BAF445B49F5"
                + " 04444C1E07000000 0455D97139000000 85FD64DE851D9DD0 FE000100");
        byte[] wire = req.toByteArray();
        assertThat(wire).hasSize(expectedHead.length + 256);
        assertThat(Arrays.copyOf(wire, expectedHead.length)).isEqualTo(expectedHead);
        assertThat(Arrays.copyOfRange(wire, expectedHead.length, wire.length)).isEqualTo(encrypted);
    }

    @Test
    void userWithFlagsAndFlags2() throws TlDecodeException {
        // api.tl user#b1b8cc83: self = flags.10, premium = flags.28, access_hash = flags.0, first_name = flags.1,
        // close_friend = flags2.2, bot_active_users = flags2.12.
        // flags = 0x400 | 0x10000000 | 0x1 | 0x2 = 0x10000403; flags2 = 0x4 | 0x1000 = 0x1004 (hand-computed)
        User user = User.builder()
                .self(true)
                .premium(true)
                .closeFriend(true)
                .id(0x1122334455667788L)
                .accessHash(1L)
                .firstName("Al")
                .botActiveUsers(5)
                .build();
        byte[] expected = hex("83CCB8B1 03040010 04100000 8877665544332211 0100000000000000 02416C00 05000000");
        assertThat(user.toByteArray()).isEqualTo(expected);
        UserType back = UserType.read(new TlReader(expected));
        assertThat(back).isEqualTo(user);
        assertThat(((User) back).lastName()).isNull();
        assertThat(((User) back).contact()).isFalse();
    }

    @Test
    void fieldsSharingAFlagBitMustBeSetTogether() {
        // api.tl inputMediaUploadedPhoto: live_photo:flags.3?true and video:flags.3?InputDocument use one bit, so
        // live_photo without video could not be decoded; the constructor refuses it
        assertThatThrownBy(() -> InputMediaUploadedPhoto.builder()
                        .file(new InputFileBig(1L, 2, "f"))
                        .livePhoto(true)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("livePhoto and video share flags.3: set all or none");
    }

    @Test
    void msgsAckIsAVectorOfLongs() {
        // mtproto.tl msgs_ack#62d6b459 msg_ids:Vector<long>; vector#1cb5c415, count 2, two LE longs
        MsgsAck ack = new MsgsAck(List.of(0x5E0B800000000001L, 2L));
        assertThat(ack.toByteArray()).isEqualTo(hex("59B4D662 15C4B51C 02000000 0100000000800B5E 0200000000000000"));
    }

    @Test
    void bytesFieldOf300Bytes() throws TlDecodeException {
        // api.tl inputPhoto#3bb3b94a id:long access_hash:long file_reference:bytes; 300 = 0x12c -> fe 2c 01 00,
        // 4 + 300 = 304 needs no padding
        byte[] ref = new byte[300];
        Arrays.fill(ref, (byte) 0xAB);
        InputPhoto photo = new InputPhoto(7L, -1L, ref);
        byte[] wire = photo.toByteArray();
        assertThat(Arrays.copyOf(wire, 24)).isEqualTo(hex("4AB9B33B 0700000000000000 FFFFFFFFFFFFFFFF FE2C0100"));
        assertThat(wire).hasSize(24 + 300);
        assertThat(Schema.registry().decode(wire)).isEqualTo(photo);
    }

    @Test
    void rpcResultKeepsRawResultBytes() throws TlDecodeException {
        // rpc_result#f35c6d01 req_msg_id:long result:Object; the result is pong#347773c5 msg_id:long ping_id:long
        byte[] pong = new Pong(3L, 4L).toByteArray();
        byte[] wire = hex("016D5CF3 0900000000000000 C5737734 0300000000000000 0400000000000000");
        RpcResult result = (RpcResult) Schema.registry().decode(wire);
        assertThat(result.reqMsgId()).isEqualTo(9L);
        assertThat(result.result()).isEqualTo(pong);
        assertThat(new Ping(4L).readResult(new TlReader(result.result()))).isEqualTo(new Pong(3L, 4L));
        assertThat(result.toByteArray()).isEqualTo(wire);
    }

    @Test
    void msgContainerHoldsBareMessagesWithRawBodies() throws TlDecodeException {
        // msg_container#73f1f8dc messages:vector<%Message>; message = msg_id:long seqno:int bytes:int body
        byte[] body = new Ping(1L).toByteArray(); // ec77be7a 0100000000000000: 12 bytes
        MsgContainer container = new MsgContainer(List.of(new Message(0x10L, 3, body)));
        byte[] wire = hex("DCF8F173 01000000 1000000000000000 03000000 0C000000 EC77BE7A 0100000000000000");
        assertThat(container.toByteArray()).isEqualTo(wire);
        assertThat(Schema.registry().decode(wire)).isEqualTo(container);
        // a body length past the end is caught before allocating
        byte[] bad = hex("DCF8F173 01000000 1000000000000000 03000000 FFFFFF7F EC77BE7A");
        assertThatThrownBy(() -> Schema.registry().decode(bad))
                .isInstanceOf(TlDecodeException.class)
                .hasMessage("raw length 0x7fffffff at offset 0x18 exceeds the 0x4 bytes remaining");
    }

    @Test
    void sealedTypeReadsGzipAndRejectsForeignIds() throws TlDecodeException {
        ServerDHParamsFail fail = new ServerDHParamsFail(NONCE, NONCE, NONCE);
        assertThat(ServerDHParamsType.read(new TlReader(TlGzip.pack(fail)))).isEqualTo(fail);
        assertThatThrownBy(() -> ServerDHParamsType.read(new TlReader(RES_PQ)))
                .isInstanceOf(TlDecodeException.class)
                .hasMessage("unknown constructor 0x05162463 at offset 0x0 (expected Server_DH_Params)");
    }

    @Test
    void gzipPackedVectorResultDecodes() throws TlDecodeException {
        // contacts.getContactIDs#7adc669d hash:long = Vector<int>; servers may answer with gzip_packed
        byte[] vector = hex("15C4B51C 02000000 07000000 08000000");
        byte[] packed = TlGzip.pack(vector);
        assertThat(new ContactsGetContactIDs(0L).readResult(new TlReader(packed)))
                .containsExactly(7, 8);
        assertThat(new ContactsGetContactIDs(0L).readResult(new TlReader(vector)))
                .containsExactly(7, 8);
    }

    @Test
    void deeplyNestedTypedValuesAreBounded() throws TlDecodeException {
        // inputPeerUserFromMessage#a87b0a1c peer:InputPeer msg_id:int user_id:long nests without limit in TL
        InputPeerType peer = new InputPeerSelf();
        for (int i = 0; i < 100; i++) {
            peer = new InputPeerUserFromMessage(peer, i, i);
        }
        assertThat(InputPeerType.read(new TlReader(peer.toByteArray()))).isEqualTo(peer);
        for (int i = 0; i < 1000; i++) {
            peer = new InputPeerUserFromMessage(peer, i, i);
        }
        byte[] wire = peer.toByteArray();
        // each level is 4 (id) + 4 (msg_id) + 8 (user_id) bytes, the nested peer comes right after the id
        assertThatThrownBy(() -> InputPeerType.read(new TlReader(wire)))
                .isInstanceOf(TlDecodeException.class)
                .hasMessage("values nested deeper than 256 at offset 0x400");
    }

    @Test
    void invokeWithLayerIsGenericOverItsQuery() throws TlDecodeException {
        InvokeWithLayer<io.mtj.api.telegram.Config> call = new InvokeWithLayer<>(ApiLayer.LAYER, new HelpGetConfig());
        // invokeWithLayer#da9b0d0d layer:int query:!X; help.getConfig#c4f9186b; layer 229 = 0xe5
        assertThat(call.toByteArray()).isEqualTo(hex("0D0D9BDA E5000000 6B18F9C4"));
        assertThat(ApiLayer.LAYER).isEqualTo(229);
        assertThat(Schema.registry().decode(call.toByteArray())).isEqualTo(call);
    }
}
