package io.mtj.core.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR: Reconnect attempt after a lost connection. Its duration is the step's duration. */
@Name("io.mtj.ReconnectEvent")
@Label("Reconnect")
@Category("MTJ")
@Description("Reconnect attempt after a lost connection")
public final class ReconnectEvent extends Event {
    @Label("attempt")
    public int attempt;

    @Label("cause")
    public String cause = "";
}
