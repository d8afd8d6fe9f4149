package io.mtj.core.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR: one address of a dial race failed before the race was decided. */
@Name("io.mtj.DialFailedEvent")
@Label("Dial attempt failed")
@Category("MTJ")
@Description("One address of a dial race failed before the race was decided")
public final class DialFailedEvent extends Event {
    @Label("address")
    public String address = "";

    @Label("cause")
    public String cause = "";
}
