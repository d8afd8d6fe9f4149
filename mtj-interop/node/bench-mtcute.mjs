// mtcute's side of the side-by-side benchmark (see bench-common.mjs): intermediate framing, its TCP default.
import { BaseTelegramClient, MemoryStorage, TcpTransport, Long } from '@mtcute/node';
import { NodeCryptoProvider, addPublicKey, parsePublicKey } from '@mtcute/node/utils.js';
import { performance } from 'node:perf_hooks';
import { uploadFile, downloadAsBuffer } from '@mtcute/core/methods.js';
import { benchArgs, runBench, failBench } from './bench-common.mjs';

const o = benchArgs('mtcute');
const crypto = new NodeCryptoProvider();
await crypto.initialize?.();
addPublicKey(crypto, o.keyPkcs1Pem);
// the key index workaround of mtcute.mjs (fingerprints with a leading zero digit)
const parsed = parsePublicKey(crypto, o.keyPkcs1Pem);
const unpadded = BigInt(`0x${parsed.fingerprint}`).toString(16);
if (unpadded !== parsed.fingerprint) {
  const index = new URL('./node_modules/@mtcute/core/tl/binary/rsa-keys.js', import.meta.url);
  (await import(index.href)).__publicKeyIndex[unpadded] = parsed;
}
// mtcute's connect() does not create the auth key: the first call does. The key exchange is timed from the main
// connection's _authorize() to its first onConnectionUsable(), wrapped on the very module instance mtcute uses.
const sessionConnection = new URL('./node_modules/@mtcute/core/network/session-connection.js', import.meta.url);
const proto = (await import(sessionConnection.href)).SessionConnection.prototype;
const kex = { start: 0, end: 0 };
const authorize = proto._authorize;
proto._authorize = function timedAuthorize(...args) {
  if (this.params.isMainConnection && !kex.start) kex.start = performance.now();
  return authorize.apply(this, args);
};
const usable = proto.onConnectionUsable;
proto.onConnectionUsable = function timedUsable(...args) {
  if (kex.start && !kex.end) kex.end = performance.now();
  return usable.apply(this, args);
};
const dc = { id: 2, ipAddress: '127.0.0.1', port: o.port };
const long = (v) => Long.fromString(String(v));
const location = { _: 'inputDocumentFileLocation', id: long(o.docId), accessHash: long(o.docHash),
  fileReference: new Uint8Array(0), thumbSize: '' };

const adapter = {
  async connect() {
    const client = new BaseTelegramClient({
      apiId: 2040,
      apiHash: 'b18441a1ff607e10a989891a5462e627',
      storage: new MemoryStorage(),
      crypto,
      transport: new TcpTransport(),
      defaultDcs: { main: dc, media: dc },
      logLevel: 1,
      disableUpdates: true,
    });
    kex.start = 0;
    kex.end = 0;
    await client.connect();
    await client.call({ _: 'help.getConfig' });
    return { client, kexMs: kex.end - kex.start };
  },
  nearest: (client) => client.call({ _: 'help.getNearestDc' }),
  async getFile(client, offset, limit) {
    const r = await client.call({ _: 'upload.getFile', location, offset: Long.fromNumber(offset), limit });
    return r.bytes;
  },
  savePart: (client, fileId, part, bytes) =>
    client.call({ _: 'upload.saveFilePart', fileId: long(fileId), filePart: part, bytes }),
  // uploadFile reads the cached user (premium users may send more parts); no user is logged in on the test DC,
  // so the cache is set to "no user" as it would be after a lookup that found none
  uploadHelper: (client, bytes) => (client.storage.self._cached ??= null, uploadFile(client, { file: bytes, fileName: 'bench.bin', fileSize: bytes.length })),
  async downloadHelper(client, size) {
    return (await downloadAsBuffer(client, location, { fileSize: size })).length;
  },
  close: (client) => client.destroy().catch(() => {}),
};
try {
  await runBench('mtcute', adapter, o);
} catch (e) {
  failBench('mtcute', `${e?.constructor?.name ?? 'Error'}: ${e?.message ?? e}`);
}
