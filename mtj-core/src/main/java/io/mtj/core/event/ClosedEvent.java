package io.mtj.core.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR: Connection closed. Its duration is the step's duration. */
@Name("io.mtj.ClosedEvent")
@Label("Closed")
@Category("MTJ")
@Description("Connection closed")
public final class ClosedEvent extends Event {
    @Label("cause")
    public String cause = "";
}
