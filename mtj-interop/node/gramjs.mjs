// GramJS ("telegram" on npm) against the MTJ test DC: creates an auth key, sends initConnection +
// help.getConfig, prints one JSON line. Transports: full (GramJS's Node default), abridged,
// obfuscated, socks5 (needs --proxy socks5://host:port), mtproxy (needs --proxy tg://proxy?...),
// websocket (obfuscated over ws://host:port/apiws with GramJS's PromisedWebSockets; any port but 443
// gives ws://, so --port is the DC's WebSocket listener).
import { createRequire } from 'node:module';
import { parseArgs, succeed, fail } from './args.mjs';
import { describeKey } from './rsa.mjs';

const require = createRequire(import.meta.url);
require('./gramjs-fixes.cjs'); // before any client exists: see the file for what it works around
const { TelegramClient, Api } = require('telegram');
const { MemorySession } = require('telegram/sessions');
const { ConnectionTCPFull, ConnectionTCPAbridged, ConnectionTCPObfuscated } = require('telegram/network');
const { Logger, LogLevel } = require('telegram/extensions/Logger');
const { PromisedWebSockets } = require('telegram/extensions');
const RSA = require('telegram/crypto/RSA');
const bigInt = require('big-integer');

const TRANSPORTS = ['full', 'abridged', 'obfuscated', 'socks5', 'mtproxy', 'websocket'];
const opts = parseArgs('gramjs', TRANSPORTS);

// GramJS takes the server key from its module-level table, keyed by the signed fingerprint.
const key = describeKey(opts.keyPem);
RSA._serverKeys.set(key.fingerprint, { n: bigInt(key.n.toString()), e: Number(key.e) });

// TelegramClient.connect() passes port 80 (443 with WSS) to the connection whatever the session
// says, so each connection class is subclassed to use the test DC's port.
function onPort(Base) {
  return class extends Base {
    constructor(params) {
      super({ ...params, port: opts.port });
    }
  };
}
const connections = {
  full: ConnectionTCPFull,
  abridged: ConnectionTCPAbridged,
  obfuscated: ConnectionTCPObfuscated,
  websocket: ConnectionTCPObfuscated,
};
if (opts.transport === 'websocket' && opts.port === 443) fail('gramjs', opts, 2, 'port 443 would make GramJS use wss://');

let proxy;
let connection = onPort(connections[opts.transport] ?? ConnectionTCPFull);
if (opts.transport === 'socks5' || opts.transport === 'mtproxy') {
  if (!opts.proxy) fail('gramjs', opts, 2, `--transport ${opts.transport} needs --proxy`);
  const url = new URL(opts.proxy);
  if (opts.transport === 'socks5') {
    proxy = { ip: url.hostname, port: Number(url.port), socksType: 5, timeout: 5 };
    connection = onPort(ConnectionTCPFull);
  } else {
    const p = url.searchParams;
    proxy = { ip: p.get('server'), port: Number(p.get('port')), secret: p.get('secret'), MTProxy: true };
  }
}

// MemorySession, not StringSession: StringSession.save() writes the port as a signed 16-bit
// integer and throws for ports above 32767, which ephemeral ports usually are.
const session = new MemorySession();
session.setDC(opts.dcId, opts.host, opts.port);
const level = process.env.GRAMJS_LOG_LEVEL ?? LogLevel.ERROR;
const client = new TelegramClient(session, 2040, 'b18441a1ff607e10a989891a5462e627', {
  connection,
  proxy,
  ...(opts.transport === 'websocket' ? { networkSocket: PromisedWebSockets } : {}),
  connectionRetries: 1,
  retryDelay: 200,
  autoReconnect: false,
  timeout: Math.max(1, Math.floor(opts.timeoutMs / 1000)),
  baseLogger: new Logger(level),
});
try {
  if ((await client.connect()) === false) fail('gramjs', opts, 1, `could not connect to ${opts.host}:${opts.port}`);
  const config = await client.invoke(new Api.help.GetConfig());
  succeed('gramjs', opts, config);
} catch (e) {
  fail('gramjs', opts, 1, `${e?.constructor?.name ?? 'Error'}: ${e?.message ?? e}`);
}
