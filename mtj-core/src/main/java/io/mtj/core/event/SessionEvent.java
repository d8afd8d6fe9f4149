package io.mtj.core.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR: Encrypted session started. Its duration is the step's duration. */
@Name("io.mtj.SessionEvent")
@Label("Session")
@Category("MTJ")
@Description("Encrypted session started")
public final class SessionEvent extends Event {
    @Label("sessionId")
    public long sessionId;
}
