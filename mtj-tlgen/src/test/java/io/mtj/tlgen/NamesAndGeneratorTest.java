package io.mtj.tlgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NamesAndGeneratorTest {

    @Test
    void namingRulesFromTheDocs() {
        assertThat(Names.combinator("resPQ")).isEqualTo("ResPQ");
        assertThat(Names.combinator("p_q_inner_data_dc")).isEqualTo("PQInnerDataDc");
        assertThat(Names.combinator("server_DH_params_ok")).isEqualTo("ServerDHParamsOk");
        assertThat(Names.combinator("auth.sentCode")).isEqualTo("AuthSentCode");
        assertThat(Names.combinator("req_pq_multi")).isEqualTo("ReqPqMulti");
        assertThat(Names.combinator("help.getConfig")).isEqualTo("HelpGetConfig");
        assertThat(Names.combinator("invokeWithLayer")).isEqualTo("InvokeWithLayer");
        assertThat(Names.sealedType("Server_DH_Params")).isEqualTo("ServerDHParamsType");
        assertThat(Names.sealedType("User")).isEqualTo("UserType");
        assertThat(Names.field("server_nonce")).isEqualTo("serverNonce");
        assertThat(Names.field("g_a")).isEqualTo("gA");
        assertThat(Names.field("long")).isEqualTo("long_");
        assertThat(Names.field("out")).isEqualTo("out_");
    }

    private static TlSchema schema(String text) {
        return SchemaParser.parse(text, "t.tl");
    }

    @Test
    void unknownTypeIsAnError() {
        assertThatThrownBy(() ->
                        JavaGenerator.generate(schema("a#00000001 b:Missing = A;"), GeneratorOptions.of("p", "t.tl")))
                .isInstanceOf(TlSchemaException.class)
                .hasMessage("type Missing used by 'a#00000001 b:Missing = A' has no constructor in t.tl");
    }

    @Test
    void classNameCollisionIsAnError() {
        assertThatThrownBy(() -> JavaGenerator.generate(
                        schema("a_b#00000001 = X;\naB#00000002 = Y;"), GeneratorOptions.of("p", "t.tl")))
                .isInstanceOf(TlSchemaException.class)
                .hasMessage("class name AB is produced by both 'a_b#00000001 = X' and 'aB#00000002 = Y'");
        assertThatThrownBy(() -> JavaGenerator.generate(schema("list#00000001 = L;"), GeneratorOptions.of("p", "t.tl")))
                .hasMessage("'list#00000001 = L' would generate class List, which the generated code uses for"
                        + " something else");
    }

    @Test
    void serviceSpecialsAreAddedOnlyWhenAsked() {
        TlSchema s = schema("pong#347773c5 msg_id:long ping_id:long = Pong;");
        assertThat(JavaGenerator.effectiveCombinators(s, GeneratorOptions.of("p", "t.tl")))
                .hasSize(1);
        assertThat(
                        JavaGenerator.effectiveCombinators(
                                        s, GeneratorOptions.of("p", "t.tl").withServiceSpecials(true))
                                .stream()
                                .map(TlCombinator::name))
                .containsExactly("pong", "rpc_result", "message", "msg_container");
    }
}
