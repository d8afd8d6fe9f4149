// GramJS logs in as a bot to an MTJ test cluster it reaches through one DC (--dc-id, --port) and
// follows USER_MIGRATE itself (its getDC looks the DC up in help.getConfig). GramJS then dials port 443
// whatever dc_options say, so the connection class takes the port of the DC it is asked for from
// --dc-ports (1:P1,2:P2,...). Then users.getUsers([inputUserSelf]); one JSON line (args.mjs).
import { createRequire } from 'node:module';
import { parseArgs, loggedIn, fail } from './args.mjs';
import { describeKey } from './rsa.mjs';

const require = createRequire(import.meta.url);
require('./gramjs-fixes.cjs');
const { TelegramClient, Api } = require('telegram');
const { MemorySession } = require('telegram/sessions');
const { ConnectionTCPFull } = require('telegram/network');
const { Logger, LogLevel } = require('telegram/extensions/Logger');
const RSA = require('telegram/crypto/RSA');
const bigInt = require('big-integer');

const opts = parseArgs('gramjs', ['full']);
if (!opts.botToken) fail('gramjs', opts, 2, 'gramjs-login.mjs logs in bots only: give --bot-token');
const ports = opts.dcPorts ?? {};
const key = describeKey(opts.keyPem);
RSA._serverKeys.set(key.fingerprint, { n: bigInt(key.n.toString()), e: Number(key.e) });

class PortOfDc extends ConnectionTCPFull {
  constructor(params) {
    super({ ...params, port: ports[params.dcId] ?? opts.port });
  }
}

const session = new MemorySession();
session.setDC(opts.dcId, opts.host, opts.port);
const client = new TelegramClient(session, 2040, 'b18441a1ff607e10a989891a5462e627', {
  connection: PortOfDc,
  connectionRetries: 1,
  retryDelay: 200,
  autoReconnect: false,
  timeout: Math.max(1, Math.floor(opts.timeoutMs / 1000)),
  baseLogger: new Logger(process.env.GRAMJS_LOG_LEVEL ?? LogLevel.ERROR),
});
try {
  await client.start({ botAuthToken: opts.botToken });
  const [self] = await client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));
  loggedIn('gramjs', opts, self);
} catch (e) {
  fail('gramjs', opts, 1, `${e?.constructor?.name ?? 'Error'}: ${e?.message ?? e}`);
}
