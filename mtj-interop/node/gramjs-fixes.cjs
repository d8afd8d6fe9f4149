'use strict';
// Work-arounds for GramJS 2.26.22 bugs that our test DC exposes, applied before a client is made.
//
// Unpadded auth key: GramJS turns g_ab into bytes with getByteArray, which drops leading zero bytes,
// so when g_ab < 2^2040 (about one handshake in 200) its key is 255 bytes or shorter. SHA-1 of that
// key differs from the DC's, GramJS rejects dh_gen_ok as "invalid new nonce hash" and, with one
// connection attempt, gives up. The protocol's auth key is 256 bytes, big-endian, so anything shorter
// handed to AuthKey.setKey is left-padded with zeros. A CI run of the matrix failed on this once.
const { AuthKey } = require('telegram/crypto/AuthKey');

const AUTH_KEY_LENGTH = 256;
const originalSetKey = AuthKey.prototype.setKey;

function padAuthKey(value) {
  if (Buffer.isBuffer(value) && value.length > 0 && value.length < AUTH_KEY_LENGTH) {
    return Buffer.concat([Buffer.alloc(AUTH_KEY_LENGTH - value.length), value]);
  }
  return value;
}

AuthKey.prototype.setKey = function setPaddedKey(value) {
  return originalSetKey.call(this, padAuthKey(value));
};

module.exports = { padAuthKey, AUTH_KEY_LENGTH };
