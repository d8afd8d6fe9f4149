// Command-line options shared by the interop client scripts:
//   --host 127.0.0.1 --port N --dc-id N --key-file server.pem --transport NAME
//   [--proxy URL] [--timeout-ms N]
// A hard timeout makes the process exit 3 with a JSON line, whatever the client is doing.
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';

export function parseArgs(client, transports) {
  const argv = process.argv.slice(2);
  const opts = { host: '127.0.0.1', port: 0, dcId: 2, keyFile: '', transport: transports[0], proxy: '', timeoutMs: 20000 };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    const value = argv[i + 1];
    if (value === undefined) fail(client, opts, 2, `option ${name} needs a value`);
    switch (name) {
      case '--host': opts.host = value; break;
      case '--port': opts.port = Number(value); break;
      case '--dc-id': opts.dcId = Number(value); break;
      case '--key-file': opts.keyFile = value; break;
      case '--transport': opts.transport = value; break;
      case '--proxy': opts.proxy = value; break;
      case '--timeout-ms': opts.timeoutMs = Number(value); break;
      // the login scripts: a bot token or a phone (with its code and two-step password), and every
      // cluster DC's port as 1:P1,2:P2 for clients that do not take the port from dc_options
      case '--bot-token': opts.botToken = value; break;
      case '--phone': opts.phone = value; break;
      case '--code': opts.code = value; break;
      case '--password': opts.password = value; break;
      // temporary keys (perfect forward secrecy): mtcute's usePfs, bound with auth.bindTempAuthKey
      case '--pfs': opts.pfs = value === 'true'; break;
      case '--dc-ports':
        opts.dcPorts = Object.fromEntries(value.split(',').map((pair) => pair.split(':').map(Number)));
        break;
      default: fail(client, opts, 2, `unknown option ${name}`);
    }
  }
  if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) fail(client, opts, 2, `--port must be 1..65535, got ${opts.port}`);
  if (!opts.keyFile) fail(client, opts, 2, '--key-file (the test DC public key, PEM) is required');
  if (!transports.includes(opts.transport)) fail(client, opts, 2, `--transport must be one of ${transports.join(', ')}, got ${opts.transport}`);
  opts.keyPem = readFileSync(opts.keyFile, 'utf8');
  opts.keyPkcs1Pem = createPublicKey(opts.keyPem).export({ type: 'pkcs1', format: 'pem' });
  setTimeout(() => fail(client, opts, 3, `no result within ${opts.timeoutMs} ms`), opts.timeoutMs);
  return opts;
}

export function succeed(client, opts, config) {
  const line = {
    client,
    transport: opts.transport,
    ok: true,
    this_dc: config.thisDc,
    date: config.date,
    test_mode: config.testMode,
    dc_options: config.dcOptions.map((o) => `${o.id}@${o.ipAddress}:${o.port}`),
  };
  process.stdout.write(JSON.stringify(line) + '\n');
  process.exit(0);
}

/** One JSON line for a login: who the client is logged in as, from users.getUsers([inputUserSelf]). */
export function loggedIn(client, opts, self) {
  const line = { client, transport: opts.transport, ok: true, login: opts.botToken ? 'bot' : 'phone',
    self_id: Number(self.id), bot: Boolean(self.bot), first_name: self.firstName ?? null };
  process.stdout.write(JSON.stringify(line) + '\n');
  process.exit(0);
}

export function fail(client, opts, code, message) {
  process.stdout.write(JSON.stringify({ client, transport: opts.transport, ok: false, error: message }) + '\n');
  process.exit(code);
}
