package io.mtj.core.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR: the dial race won (TCP, proxies and the transport step of the winner). Its duration is the race's. */
@Name("io.mtj.DialEvent")
@Label("Dial")
@Category("MTJ")
@Description("TCP and proxy connection established")
public final class DialEvent extends Event {
    @Label("target")
    public String target = "";

    @Label("attempts")
    public int attempts;
}
