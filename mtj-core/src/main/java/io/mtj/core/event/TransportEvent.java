package io.mtj.core.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR: Transport handshake done. Its duration is the step's duration. */
@Name("io.mtj.TransportEvent")
@Label("Transport")
@Category("MTJ")
@Description("Transport handshake done")
public final class TransportEvent extends Event {
    @Label("framing")
    public String framing = "";

    @Label("obfuscated")
    public boolean obfuscated;
}
