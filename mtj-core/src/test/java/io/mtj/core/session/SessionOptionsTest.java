package io.mtj.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.Schema;
import io.mtj.core.SessionOptions;
import org.junit.jupiter.api.Test;

class SessionOptionsTest {

    /** Issue 13: every config used to build a private union of both registries (41 KB a client at 10,000). */
    @Test
    void everySessionSharesTheOneSchemaRegistry() {
        assertThat(SessionOptions.defaults().registry()).isSameAs(Schema.registry());
        assertThat(SessionOptions.defaults().registry())
                .isSameAs(SessionOptions.defaults().registry());
    }
}
