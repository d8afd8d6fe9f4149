package io.mtj.testdc;

import io.mtj.tl.TlObject;
import io.mtj.tl.TlWriter;

/** A TL object given as a constructor id and raw body bytes, for tests that need an arbitrary object. */
record RawObject(int constructorId, byte[] body) implements TlObject {
    @Override
    public void serializeBody(TlWriter out) {
        out.writeRaw(body);
    }
}
