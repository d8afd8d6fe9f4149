// The side-by-side benchmark's phases, shared by bench-mtcute.mjs and bench-gramjs.mjs; MtjBenchClient.java runs
// the same phases for MTJ. Options (all written by io.mtj.interop.bench.SideBySide):
//   --port N --key-file dc.pem --later-connects N --phase-ms N --in-flight N --doc-id N --doc-hash N --doc-size N
// The client adapter gives: connect() -> { client, kexMs } (a new client with a new auth key, help.getConfig
// answered), nearest(client), getFile(client, offset, limit) -> bytes, savePart(client, fileId, part, bytes), close.
// Prints one flat JSON line of figures; exits 0, or 1 with {"ok":false,"error":..}.
import { readFileSync } from 'node:fs';
import { createPublicKey } from 'node:crypto';
import { performance } from 'node:perf_hooks';

export function benchArgs(name) {
  const argv = process.argv.slice(2);
  const o = { port: 0, keyFile: '', laterConnects: 5, phaseMs: 3000, inFlight: 100, docId: '0', docHash: '0', docSize: 0 };
  for (let i = 0; i + 1 < argv.length; i += 2) {
    const v = argv[i + 1];
    switch (argv[i]) {
      case '--port': o.port = Number(v); break;
      case '--key-file': o.keyFile = v; break;
      case '--later-connects': o.laterConnects = Number(v); break;
      case '--phase-ms': o.phaseMs = Number(v); break;
      case '--in-flight': o.inFlight = Number(v); break;
      case '--doc-id': o.docId = v; break;
      case '--doc-hash': o.docHash = v; break;
      case '--doc-size': o.docSize = Number(v); break;
      default: failBench(name, `unknown option ${argv[i]}`);
    }
  }
  if (!o.port || !o.keyFile) failBench(name, '--port and --key-file are required');
  o.keyPem = readFileSync(o.keyFile, 'utf8');
  o.keyPkcs1Pem = createPublicKey(o.keyPem).export({ type: 'pkcs1', format: 'pem' });
  return o;
}

export function failBench(name, message) {
  process.stdout.write(JSON.stringify({ client: name, ok: false, error: String(message) }) + '\n');
  process.exit(1);
}

const cpuNanos = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function window(adapter, client, inFlight, ms) {
  const end = performance.now() + ms;
  let answered = 0;
  async function lane() {
    while (performance.now() < end) {
      await adapter.nearest(client);
      answered++;
    }
  }
  await Promise.all(Array.from({ length: inFlight }, lane));
  return answered;
}

export async function runBench(name, adapter, o) {
  const f = { client: name };
  const first = await adapter.connect();
  // performance.now() counts from the process's time origin, so this is in-process time since start
  f.first_connect_ms = performance.now();
  f.first_kex_ms = first.kexMs;
  const later = [];
  const laterKex = [];
  for (let i = 0; i < o.laterConnects; i++) {
    const t0 = performance.now();
    const c = await adapter.connect();
    later.push(performance.now() - t0);
    laterKex.push(c.kexMs);
    await adapter.close(c.client);
  }
  f.later_connect_ms = median(later);
  f.later_kex_ms = median(laterKex);
  const client = first.client;

  await window(adapter, client, o.inFlight, o.phaseMs / 3);
  const cpu0 = cpuNanos();
  const t0 = performance.now();
  const calls = await window(adapter, client, o.inFlight, o.phaseMs);
  const wall = performance.now() - t0;
  f.calls_per_s = calls / (wall / 1000);
  f.cpu_us_per_call = (cpuNanos() - cpu0) / 1000 / calls;
  f.pipelined_calls = calls;
  // the same once warm: three more phases of pipelined calls first (the JIT's work mostly done), then one measured
  await window(adapter, client, o.inFlight, o.phaseMs * 3);
  const warmCpu0 = cpuNanos();
  const warmT0 = performance.now();
  const warmCalls = await window(adapter, client, o.inFlight, o.phaseMs);
  f.calls_per_s_warm = warmCalls / ((performance.now() - warmT0) / 1000);
  f.cpu_us_per_call_warm = (cpuNanos() - warmCpu0) / 1000 / warmCalls;

  const warmEnd = performance.now() + o.phaseMs / 3;
  while (performance.now() < warmEnd) await adapter.nearest(client);
  const samples = [];
  const latEnd = performance.now() + o.phaseMs;
  while (performance.now() < latEnd && samples.length < 65536) {
    const s0 = performance.now();
    await adapter.nearest(client);
    samples.push((performance.now() - s0) * 1000);
  }
  samples.sort((a, b) => a - b);
  f.lat_median_us = samples[Math.floor(samples.length / 2)];
  f.lat_p99_us = samples[Math.min(samples.length - 1, Math.ceil(samples.length * 0.99) - 1)];
  f.lat_samples = samples.length;

  if (o.docSize > 0) {
    const limit = 1 << 20;
    const parts = Math.floor(o.docSize / limit);
    await adapter.getFile(client, 0, limit);
    let bytes = 0;
    const d0 = performance.now();
    for (let i = 0; performance.now() < d0 + o.phaseMs || i < 4; i++) {
      bytes += (await adapter.getFile(client, (i % parts) * limit, limit)).length;
    }
    f.download_mb_s = bytes / 1048576 / ((performance.now() - d0) / 1000);
  }

  const part = new Uint8Array(512 * 1024);
  for (let i = 0; i < part.length; i += 65536) globalThis.crypto.getRandomValues(part.subarray(i, i + 65536));
  const fileId = BigInt.asIntN(64, BigInt(Math.floor(Math.random() * 2 ** 52)) * 4099n);
  await adapter.savePart(client, fileId, 0, part);
  let sent = 0;
  const u0 = performance.now();
  for (let i = 0; performance.now() < u0 + o.phaseMs || i < 4; i++) {
    await adapter.savePart(client, fileId, i % 16, part);
    sent += part.length;
  }
  f.upload_mb_s = sent / 1048576 / ((performance.now() - u0) / 1000);

  // the libraries' own file helpers (parts in flight as each library chooses), 8 MiB each way
  // a helper that fails (or hangs) against the test DC costs its row only; the error goes to stderr
  const bounded = (promise) => Promise.race([promise, new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`no answer within ${o.phaseMs * 3 + 10000} ms`)), o.phaseMs * 3 + 10000).unref())]);
  try {
    await bounded(helperUpload(adapter, client, o, f));
  } catch (e) {
    process.stderr.write(`${name} upload helper failed: ${e?.message ?? e}\n`);
  }
  try {
    await bounded(helperDownload(adapter, client, o, f));
  } catch (e) {
    process.stderr.write(`${name} download helper failed: ${e?.message ?? e}\n`);
  }

  await bounded(adapter.close(client)).catch(() => {});
  process.stdout.write(JSON.stringify(f) + '\n');
  process.exit(0);
}

async function helperUpload(adapter, client, o, f) {
  if (adapter.uploadHelper) {
    const file = new Uint8Array(8 << 20);
    for (let i = 0; i < file.length; i += 65536) globalThis.crypto.getRandomValues(file.subarray(i, i + 65536));
    await adapter.uploadHelper(client, file.subarray(0, 1 << 20)); // warm-up
    let n = 0;
    const h0 = performance.now();
    for (let i = 0; performance.now() < h0 + o.phaseMs || i < 1; i++) {
      await adapter.uploadHelper(client, file);
      n += file.length;
    }
    f.upload_helper_mb_s = n / 1048576 / ((performance.now() - h0) / 1000);
  }
}

async function helperDownload(adapter, client, o, f) {
  if (adapter.downloadHelper && o.docSize > 0) {
    await adapter.downloadHelper(client, o.docSize);
    let n = 0;
    const h0 = performance.now();
    for (let i = 0; performance.now() < h0 + o.phaseMs || i < 1; i++) {
      n += await adapter.downloadHelper(client, o.docSize);
    }
    f.download_helper_mb_s = n / 1048576 / ((performance.now() - h0) / 1000);
  }
}
