// The test DC's RSA public key in the shapes the clients want: PKCS#1 PEM, modulus/exponent as
// bigints, and the MTProto fingerprint (low 64 bits of SHA-1 over TL bytes(n) + TL bytes(e), read
// little-endian, as a signed decimal string).
import { createHash, createPublicKey } from 'node:crypto';

function tlBytes(buf) {
  const head = buf.length < 254 ? Buffer.from([buf.length])
    : Buffer.from([254, buf.length & 0xff, (buf.length >> 8) & 0xff, (buf.length >> 16) & 0xff]);
  const body = Buffer.concat([head, buf]);
  const pad = (4 - (body.length % 4)) % 4;
  return Buffer.concat([body, Buffer.alloc(pad)]);
}

export function describeKey(pem) {
  const key = createPublicKey(pem);
  const jwk = key.export({ format: 'jwk' });
  const n = Buffer.from(jwk.n, 'base64url');
  const e = Buffer.from(jwk.e, 'base64url');
  const sha = createHash('sha1').update(Buffer.concat([tlBytes(n), tlBytes(e)])).digest();
  const fingerprint = sha.subarray(12, 20).readBigInt64LE(0);
  return {
    pkcs1Pem: key.export({ type: 'pkcs1', format: 'pem' }),
    n: BigInt('0x' + n.toString('hex')),
    e: BigInt('0x' + e.toString('hex')),
    fingerprint: fingerprint.toString(),
  };
}
