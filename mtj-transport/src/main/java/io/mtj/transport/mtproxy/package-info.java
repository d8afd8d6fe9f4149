/**
 * MTProxy: secrets and {@code tg://proxy} links, and the fake-TLS layer ({@code ee} secrets) for both
 * the client and the proxy side.
 */
@NullMarked
package io.mtj.transport.mtproxy;

import org.jspecify.annotations.NullMarked;
