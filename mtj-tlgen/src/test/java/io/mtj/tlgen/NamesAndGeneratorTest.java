package io.mtj.tlgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Objects;
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
        assertThat(Names.combinator("error")).isEqualTo("TlError");
        assertThat(Names.combinator("string")).isEqualTo("TlString");
        assertThat(Names.combinator("secureRequiredType")).isEqualTo("SecureRequiredType");
        assertThat(Names.sealedType("auth.SentCode")).isEqualTo("AuthSentCodeType");
        assertThat(Names.sealedType("auth.SentCodeType")).isEqualTo("AuthSentCodeTypeKind");
        assertThat(Names.sealedType("ButtonType")).isEqualTo("ButtonTypeKind");
        assertThat(Names.sealedType("Exception")).isEqualTo("ExceptionType");
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
    void registryGroupsCasesByTheIdsLowBitsSoNoMethodGrowsPastTheJitLimit() {
        assertThat(RegistryWriter.groups(0)).isEqualTo(1);
        assertThat(RegistryWriter.groups(256)).isEqualTo(1);
        assertThat(RegistryWriter.groups(257)).isEqualTo(2);
        assertThat(RegistryWriter.groups(2469)).isEqualTo(16);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            text.append("c")
                    .append(i)
                    .append('#')
                    .append(String.format("%08x", 0x100 + i))
                    .append(" = T")
                    .append(i)
                    .append(";\n");
        }
        String registry =
                Objects.requireNonNull(JavaGenerator.generate(schema(text.toString()), GeneratorOptions.of("p", "t.tl"))
                        .get("p/PRegistry.java"));
        assertThat(registry)
                .contains("TlRegistry.of(new Bodies(), ids0(), ids1(), ids2(), ids3());")
                .contains("return switch (id & 0x3) {")
                .contains("                default -> bodies3(id, in);");
        // every case sits in the group of its id's low two bits: c0 is 0x100 (group 0), c3 is 0x103 (group 3)
        String group3 = registry.substring(registry.indexOf("private static TlObject bodies3("));
        assertThat(group3).contains("case C3.ID -> value = C3.readBody(in);").doesNotContain("case C0.ID");
        String group0 = registry.substring(
                registry.indexOf("private static TlObject bodies0("), registry.indexOf("private static int[] ids1("));
        assertThat(group0)
                .contains("case C0.ID -> value = C0.readBody(in);")
                .contains("case C4.ID")
                .doesNotContain("C3.ID");
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
                .containsExactly("pong", "rpc_result", "message", "msg_container", "msg_resend_ans_req");
    }
}
