package io.mtj.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RpcExceptionTest {
    @Test
    void parsesFloodWait() {
        RpcException e = new RpcException(420, "FLOOD_WAIT_17");
        assertThat(e.floodWaitSeconds()).hasValue(17);
        assertThat(e.migrateDc()).isEmpty();
        assertThat(new RpcException(420, "FLOOD_PREMIUM_WAIT_5").floodWaitSeconds())
                .hasValue(5);
        assertThat(new RpcException(420, "FLOOD_WAIT_").floodWaitSeconds()).isEmpty();
    }

    @Test
    void parsesMigrate() {
        for (String kind : new String[] {"PHONE", "NETWORK", "USER", "FILE", "STATS"}) {
            RpcException e = new RpcException(303, kind + "_MIGRATE_5");
            assertThat(e.migrateDc()).hasValue(5);
            assertThat(e.migrateKind()).hasValue(kind);
            assertThat(e.floodWaitSeconds()).isEmpty();
        }
        assertThat(new RpcException(400, "PEER_ID_INVALID").migrateDc()).isEmpty();
    }

    @Test
    void messageAndFields() {
        RpcException e = new RpcException(401, "AUTH_KEY_UNREGISTERED");
        assertThat(e).hasMessage("rpc_error 401 AUTH_KEY_UNREGISTERED");
        assertThat(e.code()).isEqualTo(401);
        assertThat(e.errorMessage()).isEqualTo("AUTH_KEY_UNREGISTERED");
    }

    @Test
    void badMessageDescribesCodes() {
        assertThat(new BadMessageException(64, 0x10))
                .hasMessage("bad_msg_notification 64 for msg_id 0x10: invalid container");
        assertThat(BadMessageException.describe(16)).contains("too low");
    }
}
