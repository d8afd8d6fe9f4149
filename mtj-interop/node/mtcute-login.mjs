// mtcute logs in to an MTJ test cluster it reaches through one DC (--dc-id, --port): as a bot
// (--bot-token ID:SECRET) or a user (--phone, --code, --password for two-step verification). It follows
// USER_MIGRATE / PHONE_MIGRATE itself, to the address the cluster's help.getConfig lists, then calls
// users.getUsers([inputUserSelf]) and prints one JSON line (args.mjs loggedIn / fail). With --pfs true every
// connection runs on a temporary key it binds to the permanent one (mtcute's usePfs).
import { TelegramClient, MemoryStorage } from '@mtcute/node';
import { NodeCryptoProvider, addPublicKey } from '@mtcute/node/utils.js';
import { parseArgs, loggedIn, fail } from './args.mjs';

const opts = parseArgs('mtcute', ['intermediate']);
const crypto = new NodeCryptoProvider();
await crypto.initialize?.();
addPublicKey(crypto, opts.keyPkcs1Pem);
// the same leading-zero fingerprint work-around as mtcute.mjs (see README)
{
  const { parsePublicKey } = await import('@mtcute/node/utils.js');
  const parsed = parsePublicKey(crypto, opts.keyPkcs1Pem);
  const unpadded = BigInt(`0x${parsed.fingerprint}`).toString(16);
  if (unpadded !== parsed.fingerprint) {
    const index = new URL('./node_modules/@mtcute/core/tl/binary/rsa-keys.js', import.meta.url);
    const { __publicKeyIndex } = await import(index.href);
    __publicKeyIndex[unpadded] = parsed;
  }
}
const dc = { id: opts.dcId, ipAddress: opts.host, port: opts.port };
const tg = new TelegramClient({
  apiId: 2040,
  apiHash: 'b18441a1ff607e10a989891a5462e627',
  storage: new MemoryStorage(),
  crypto,
  defaultDcs: { main: dc, media: dc },
  logLevel: Number(process.env.MTCUTE_LOG_LEVEL ?? 1),
  disableUpdates: true,
  network: { usePfs: opts.pfs === true },
});
try {
  if (opts.botToken) {
    await tg.signInBot(opts.botToken);
  } else {
    await tg.start({
      phone: opts.phone,
      code: async () => opts.code ?? '',
      password: async () => opts.password ?? '',
    });
  }
  const [self] = await tg.call({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] });
  await tg.close?.().catch(() => {});
  loggedIn('mtcute', opts, self);
} catch (e) {
  fail('mtcute', opts, 1, `${e?.constructor?.name ?? 'Error'}: ${e?.message ?? e}`);
}
