package io.mtj.core.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR: Auth key ready. Its duration is the step's duration. */
@Name("io.mtj.AuthKeyEvent")
@Label("Auth Key")
@Category("MTJ")
@Description("Auth key ready")
public final class AuthKeyEvent extends Event {
    @Label("authKeyId")
    public long authKeyId;

    @Label("reused")
    public boolean reused;
}
