// Proves the loopback guard: every API is refused for a non-loopback target before any socket is
// created, and loopback still works. Run as `node --require ./guard.cjs guard-test.mjs`; prints one
// line per check and exits 0 only when all pass.
import net from 'node:net';
import tls from 'node:tls';
import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';

const FAR = '149.154.167.50';
let failed = 0;

function expectRefused(name, fn, expected = `${FAR}:443`) {
  try {
    const r = fn();
    if (r && typeof r.destroy === 'function') r.destroy();
    console.log(`FAIL ${name}: not refused`);
    failed++;
  } catch (e) {
    if (e.code === 'ERR_MTJ_LOOPBACK_GUARD' && e.target === expected) {
      console.log(`ok refused ${name}: ${e.target}`);
    } else {
      console.log(`FAIL ${name}: unexpected error ${e.code} ${e.message}`);
      failed++;
    }
  }
}

const sock = new net.Socket();
expectRefused('net.Socket.connect', () => sock.connect(443, FAR));
if (sock._handle) { console.log('FAIL net.Socket.connect created a handle'); failed++; }
expectRefused('net.Socket.connect(options)', () => new net.Socket().connect({ host: FAR, port: 443 }));
expectRefused('net.connect', () => net.connect(443, FAR));
expectRefused('net.createConnection', () => net.createConnection({ host: FAR, port: 443 }));
expectRefused('net.connect ipv6', () => net.connect({ host: '2001:67c:4e8:f004::a', port: 443 }), '2001:67c:4e8:f004::a:443');
expectRefused('net.connect mapped', () => net.connect({ host: '::ffff:149.154.167.50', port: 443 }), '::ffff:149.154.167.50:443');
expectRefused('net.connect name', () => net.connect({ host: 'venus.web.telegram.org', port: 443 }), 'venus.web.telegram.org:443');
expectRefused('tls.connect', () => tls.connect({ host: FAR, port: 443 }));
expectRefused('dns.lookup', () => dns.lookup('telegram.org', () => {}), 'telegram.org');
expectRefused('dns.resolve4', () => dns.resolve4('telegram.org', () => {}), 'telegram.org');
expectRefused('dns.promises.lookup', () => dns.promises.lookup('telegram.org'), 'telegram.org');
expectRefused('dns.Resolver.resolve', () => new dns.Resolver().resolve('telegram.org', () => {}), 'telegram.org');
expectRefused('http.request', () => http.request(`http://${FAR}/`), `${FAR}:80`);
expectRefused('http.get', () => http.get({ host: FAR, port: 80 }), `${FAR}:80`);
expectRefused('https.request', () => https.request({ hostname: FAR, port: 443 }));
const udp = dgram.createSocket('udp4');
expectRefused('dgram.send', () => udp.send(Buffer.from('x'), 443, FAR));
expectRefused('dgram.connect', () => udp.connect(443, FAR));
udp.close();
expectRefused('fetch', () => fetch(`https://${FAR}/`), FAR);

// loopback must still work
const server = net.createServer((c) => c.end('pong'));
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const { port } = server.address();
const reply = await new Promise((resolve, reject) => {
  const c = net.connect(port, '127.0.0.1');
  let got = '';
  c.on('data', (d) => (got += d));
  c.on('end', () => resolve(got));
  c.on('error', reject);
});
if (reply === 'pong') console.log(`ok loopback 127.0.0.1:${port} allowed`);
else { console.log(`FAIL loopback reply ${JSON.stringify(reply)}`); failed++; }
const viaName = await new Promise((resolve, reject) => {
  const c = net.connect({ host: 'localhost', port, family: 4 });
  let got = '';
  c.on('data', (d) => (got += d));
  c.on('end', () => resolve(got));
  c.on('error', reject);
});
if (viaName === 'pong') console.log('ok loopback localhost allowed');
else { console.log(`FAIL localhost reply ${JSON.stringify(viaName)}`); failed++; }
server.close();

console.log(failed === 0 ? 'guard: all checks passed' : `guard: ${failed} check(s) failed`);
process.exit(failed === 0 ? 0 : 1);
