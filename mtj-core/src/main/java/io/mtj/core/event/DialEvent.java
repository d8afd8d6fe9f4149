package io.mtj.core.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR: TCP and proxy connection established. Its duration is the step's duration. */
@Name("io.mtj.DialEvent")
@Label("Dial")
@Category("MTJ")
@Description("TCP and proxy connection established")
public final class DialEvent extends Event {
    @Label("target")
    public String target = "";
}
