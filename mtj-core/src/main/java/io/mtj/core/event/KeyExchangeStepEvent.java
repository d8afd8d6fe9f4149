package io.mtj.core.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR: One step of the MTProto key exchange. Its duration is the step's duration. */
@Name("io.mtj.KeyExchangeStepEvent")
@Label("Key Exchange Step")
@Category("MTJ")
@Description("One step of the MTProto key exchange")
public final class KeyExchangeStepEvent extends Event {
    @Label("step")
    public String step = "";
}
