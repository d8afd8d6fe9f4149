package io.mtj.core.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR: invokeWithLayer(initConnection(help.getConfig)) answered. Its duration is the step's duration. */
@Name("io.mtj.InitConnectionEvent")
@Label("Init Connection")
@Category("MTJ")
@Description("invokeWithLayer(initConnection(help.getConfig)) answered")
public final class InitConnectionEvent extends Event {
    @Label("layer")
    public int layer;
}
