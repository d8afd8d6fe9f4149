package io.mtj.tlgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class SchemaParserTest {

    @Test
    void fixtureIsParsedCompletely() throws Exception {
        TlSchema schema = SchemaParser.parse(GoldenTest.resource("fixtures/fixture.tl"), "fixture.tl");
        assertThat(schema.constructors())
                .extracting(TlCombinator::name)
                .containsExactly(
                        "boolFalse", "boolTrue", "point", "shapeCircle", "shapeSquare", "doc.rich", "item", "noId");
        assertThat(schema.functions())
                .extracting(TlCombinator::name)
                .containsExactly("doc.get", "doc.list", "doc.count", "doc.ping", "invokeWrapped");
        assertThat(schema.layer()).isEqualTo(7);
    }

    @Test
    void flagsTypeParamsAndVectors() {
        TlCombinator c = Objects.requireNonNull(SchemaParser.parseStatement(
                "x.y#0000abcd {X:Type} flags:# a:flags.3?true b:flags2.31?Vector<%T> q:!X flags2:# = X", true, "t"));
        assertThat(c.id()).isEqualTo(0xabcd);
        assertThat(c.typeParams()).containsExactly("X");
        List<TlParam> p = c.params();
        assertThat(p.get(0).isFlagsWord()).isTrue();
        assertThat(p.get(1).isFlagOnly()).isTrue();
        assertThat(p.get(1).flagBit()).isEqualTo(3);
        assertThat(p.get(2).flagField()).isEqualTo("flags2");
        assertThat(p.get(2).flagBit()).isEqualTo(31);
        assertThat(p.get(2).type().isVector()).isTrue();
        assertThat(p.get(2).type().element().bare()).isTrue();
        assertThat(p.get(2).type().element().name()).isEqualTo("T");
        assertThat(p.get(3).type().bang()).isTrue();
        assertThat(c.result().name()).isEqualTo("X");
    }

    @Test
    void builtinsAreSkipped() {
        assertThat(SchemaParser.parseStatement("int ? = Int", false, "t")).isNull();
        assertThat(SchemaParser.parseStatement("vector {t:Type} # [ t ] = Vector t", false, "t"))
                .isNull();
        assertThat(SchemaParser.parseStatement("int128 4*[ int ] = Int128", false, "t"))
                .isNull();
    }

    @Test
    void missingIdIsTheCrc32OfTheLine() {
        // CRC32("tlsBlockZero length:int = TlsBlock"), computed independently with zlib.crc32
        TlCombinator c =
                Objects.requireNonNull(SchemaParser.parseStatement("tlsBlockZero length:int = TlsBlock", false, "t"));
        assertThat(c.id()).isEqualTo(SchemaParser.crc32("tlsBlockZero length:int = TlsBlock"));
        assertThat(SchemaParser.crc32("noId a:int = NoId")).isEqualTo(0xdbc4baa1);
    }

    @Test
    void multiLineDeclarationsAndComments() {
        TlSchema s = SchemaParser.parse("a#00000001 // c\n  x:int\n = A;\n---functions---\nf#00000002 = A;", "m.tl");
        assertThat(s.combinators()).hasSize(2);
        assertThat(s.combinators().get(0).params()).hasSize(1);
        assertThat(s.combinators().get(1).function()).isTrue();
    }

    @Test
    void errorsNameFileLineAndProblem() {
        assertThatThrownBy(() -> SchemaParser.parse("a#1 x:int A;", "e.tl"))
                .isInstanceOf(TlSchemaException.class)
                .hasMessage("e.tl:1: missing ' = Type' in 'a#1 x:int A'");
        assertThatThrownBy(() -> SchemaParser.parse("\na#1 x:int = A", "e.tl"))
                .hasMessage("e.tl:2: declaration not terminated by ';'");
        assertThatThrownBy(() -> SchemaParser.parse("a#zz = A;", "e.tl"))
                .hasMessage("e.tl:1: bad constructor id '#zz'");
        assertThatThrownBy(() -> SchemaParser.parse("a#1 x:fl.0?int = A;", "e.tl"))
                .hasMessage("e.tl:1: field 'x' refers to unknown flags field 'fl'");
        assertThatThrownBy(() -> SchemaParser.parse("/* c */ a#1 = A;", "e.tl"))
                .hasMessage("e.tl:1: bad combinator name '/*'");
        assertThatThrownBy(() -> SchemaParser.parse("a#1 x = A;", "e.tl"))
                .hasMessage("e.tl:1: expected name:type, found 'x'");
    }
}
