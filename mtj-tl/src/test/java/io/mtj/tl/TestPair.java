package io.mtj.tl;

/** A hand-written TL constructor for runtime tests: {@code testPair#11223344 a:int s:string = TestPair}. */
record TestPair(int a, String s) implements TlObject {
    static final int ID = 0x11223344;

    @Override
    public int constructorId() {
        return ID;
    }

    @Override
    public void serializeBody(TlWriter out) {
        out.writeInt(a);
        out.writeString(s);
    }

    static TestPair readBody(TlReader in) throws TlDecodeException {
        return new TestPair(in.readInt(), in.readString());
    }

    static TlRegistry registry() {
        return TlRegistry.builder().register(ID, TestPair::readBody).build();
    }
}
