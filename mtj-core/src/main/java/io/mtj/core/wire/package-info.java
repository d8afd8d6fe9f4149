/** MTProto message codecs shared by client and test DC: unencrypted messages, the encrypted-message plaintext envelope, msg_id and seqno generation and validation. */
@NullMarked
package io.mtj.core.wire;

import org.jspecify.annotations.NullMarked;
