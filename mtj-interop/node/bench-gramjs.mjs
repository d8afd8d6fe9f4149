// GramJS's side of the side-by-side benchmark (see bench-common.mjs): its Node default, TCP full framing.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { benchArgs, runBench, failBench } from './bench-common.mjs';
import { describeKey } from './rsa.mjs';

const require = createRequire(import.meta.url);
require('./gramjs-fixes.cjs');
const { TelegramClient, Api } = require('telegram');
const { MemorySession } = require('telegram/sessions');
const { ConnectionTCPFull } = require('telegram/network');
const { Logger, LogLevel } = require('telegram/extensions/Logger');
const RSA = require('telegram/crypto/RSA');
const bigInt = require('big-integer');
const { CustomFile } = require('telegram/client/uploads');

const o = benchArgs('gramjs');
const key = describeKey(o.keyPem);
RSA._serverKeys.set(key.fingerprint, { n: bigInt(key.n.toString()), e: Number(key.e) });
class OnPort extends ConnectionTCPFull {
  constructor(params) {
    super({ ...params, port: o.port });
  }
}
const location = new Api.InputDocumentFileLocation({ id: bigInt(o.docId), accessHash: bigInt(o.docHash),
  fileReference: Buffer.alloc(0), thumbSize: '' });

const adapter = {
  async connect() {
    const session = new MemorySession();
    session.setDC(2, '127.0.0.1', o.port);
    const client = new TelegramClient(session, 2040, 'b18441a1ff607e10a989891a5462e627', {
      connection: OnPort,
      connectionRetries: 1,
      autoReconnect: false,
      timeout: 60,
      baseLogger: new Logger(LogLevel.ERROR),
    });
    const t0 = performance.now();
    if ((await client.connect()) === false) throw new Error('could not connect');
    const kexMs = performance.now() - t0;
    await client.invoke(new Api.help.GetConfig());
    return { client, kexMs };
  },
  nearest: (client) => client.invoke(new Api.help.GetNearestDc()),
  async getFile(client, offset, limit) {
    const r = await client.invoke(new Api.upload.GetFile({ location, offset: bigInt(offset), limit }));
    return r.bytes;
  },
  savePart: (client, fileId, part, bytes) =>
    client.invoke(new Api.upload.SaveFilePart({ fileId: bigInt(fileId.toString()), filePart: part,
      bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) })),
  uploadHelper: (client, bytes) => client.uploadFile({
    file: new CustomFile('bench.bin', bytes.length, '', Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)),
    workers: 4,
  }),
  async downloadHelper(client, size) {
    return (await client.downloadFile(location, { fileSize: bigInt(size), workers: 4 })).length;
  },
  close: (client) => client.destroy().catch(() => {}),
};
try {
  await runBench('gramjs', adapter, o);
} catch (e) {
  failBench('gramjs', `${e?.constructor?.name ?? 'Error'}: ${e?.message ?? e}`);
}
