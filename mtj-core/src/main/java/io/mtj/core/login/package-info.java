/**
 * Logging in: {@link io.mtj.core.login.Login} runs the bot-token and phone-code flows (with two-step verification by
 * SRP) over a {@link io.mtj.core.dc.DcRouter}, which follows the migrations, and asks a {@link
 * io.mtj.core.login.LoginCallbacks} for the code and the password so that a console, a GUI or a test can drive it.
 */
@NullMarked
package io.mtj.core.login;

import org.jspecify.annotations.NullMarked;
