// Proves gramjs-fixes.cjs: a short g_ab reaches GramJS's AuthKey as the 256-byte key the DC computes,
// with the key id and aux hash of the padded key; a full-length key is left alone. Prints one line per
// check and exits 0 only when all pass.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('./gramjs-fixes.cjs');
const { AuthKey } = require('telegram/crypto/AuthKey');

let failed = 0;
function check(name, ok, detail) {
  console.log(`${ok ? 'ok' : 'FAIL'} ${name}${ok ? '' : `: ${detail}`}`);
  if (!ok) failed++;
}

const short = Buffer.alloc(255);
for (let i = 0; i < short.length; i++) short[i] = (i * 7 + 1) & 0xff;
const padded = Buffer.concat([Buffer.alloc(1), short]);
const sha = createHash('sha1').update(padded).digest();

const key = new AuthKey();
await key.setKey(short);
check('short key padded to 256 bytes', key.getKey().length === 256, `length ${key.getKey().length}`);
check('padding is leading zeros', key.getKey().equals(padded), 'bytes differ');
check('key id is SHA-1 of the padded key, bytes 12..20',
  key.keyId.toString() === sha.readBigInt64LE(12).toString(), `${key.keyId} vs ${sha.readBigInt64LE(12)}`);
check('aux hash is SHA-1 of the padded key, bytes 0..8',
  key.auxHash.toString() === sha.readBigInt64LE(0).toString(), `${key.auxHash} vs ${sha.readBigInt64LE(0)}`);

const full = Buffer.alloc(256, 0xab);
const other = new AuthKey();
await other.setKey(full);
check('256-byte key unchanged', other.getKey() === full, 'a copy or another buffer');

console.log(failed === 0 ? 'gramjs-fixes: all checks passed' : `gramjs-fixes: ${failed} check(s) failed`);
process.exit(failed === 0 ? 0 : 1);
