'use strict';
// Loopback guard, loaded with `node --require ./guard.cjs script.mjs`.
// Every outgoing network call whose target is not 127.0.0.0/8, ::1 or "localhost" throws
// before any socket is created, and the refused target is written to stderr. Unix-domain
// socket paths are local by nature and pass.
const net = require('node:net');
const tls = require('node:tls');
const dgram = require('node:dgram');
const dns = require('node:dns');
const http = require('node:http');
const https = require('node:https');

const CODE = 'ERR_MTJ_LOOPBACK_GUARD';

function isLoopbackHost(host) {
  if (host === undefined || host === null || host === '') return true; // Node's default is localhost
  let h = String(host).toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (h.startsWith('::ffff:')) h = h.slice(7);
  if (net.isIPv4(h)) return h.split('.')[0] === '127';
  return false;
}

function refuse(api, host, port) {
  const target = port === undefined ? String(host) : `${host}:${port}`;
  process.stderr.write(`mtj-guard: refused ${api} to ${target} (only loopback is allowed)\n`);
  const err = new Error(`mtj-guard: ${api} to ${target} refused: only 127.0.0.0/8, ::1 and localhost are allowed`);
  err.code = CODE;
  err.target = target;
  throw err;
}

function check(api, host, port) {
  if (!isLoopbackHost(host)) refuse(api, host, port);
}

// net.Socket#connect(options[, cb]) | (port[, host][, cb]) | (path[, cb]) | ([options, cb]) (internal form)
function targetOfConnectArgs(args) {
  let first = args[0];
  if (Array.isArray(first)) first = first[0];
  if (first !== null && typeof first === 'object') {
    if (first.path !== undefined) return null;
    return { host: first.host ?? first.hostname, port: first.port };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return null; // a pipe path
  const host = typeof args[1] === 'string' ? args[1] : undefined;
  return { host, port: first };
}

const originalSocketConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const t = targetOfConnectArgs(args);
  if (t !== null) check('net.Socket.connect', t.host, t.port);
  return originalSocketConnect.apply(this, args);
};

for (const name of ['connect', 'createConnection']) {
  const original = net[name];
  net[name] = function guardedNetConnect(...args) {
    const t = targetOfConnectArgs(args);
    if (t !== null) check(`net.${name}`, t.host, t.port);
    return original.apply(this, args);
  };
}

const originalTlsConnect = tls.connect;
tls.connect = function guardedTlsConnect(...args) {
  const t = targetOfConnectArgs(args);
  if (t !== null && !(args[0] && typeof args[0] === 'object' && args[0].socket)) check('tls.connect', t.host, t.port);
  return originalTlsConnect.apply(this, args);
};

const originalDgramSend = dgram.Socket.prototype.send;
dgram.Socket.prototype.send = function guardedSend(...args) {
  // send(msg[, offset, length][, port][, address][, callback]): the address is the last string argument
  const address = args.slice(1).find((a) => typeof a === 'string');
  const port = args.slice(1).find((a) => typeof a === 'number');
  if (address !== undefined || this._mtjConnected !== true) check('dgram.send', address ?? '(unconnected)', port);
  return originalDgramSend.apply(this, args);
};
const originalDgramConnect = dgram.Socket.prototype.connect;
dgram.Socket.prototype.connect = function guardedDgramConnect(port, address, ...rest) {
  check('dgram.connect', typeof address === 'string' ? address : 'localhost', port);
  this._mtjConnected = true;
  return originalDgramConnect.call(this, port, address, ...rest);
};

function guardDnsModule(mod, label) {
  const originalLookup = mod.lookup;
  mod.lookup = function guardedLookup(hostname, ...rest) {
    check(`${label}.lookup`, hostname);
    return originalLookup.call(this, hostname, ...rest);
  };
  for (const name of Object.keys(mod)) {
    if (!/^resolve/.test(name) || typeof mod[name] !== 'function') continue;
    const original = mod[name];
    mod[name] = function guardedResolve(hostname, ...rest) {
      check(`${label}.${name}`, hostname);
      return original.call(this, hostname, ...rest);
    };
  }
}
guardDnsModule(dns, 'dns');
guardDnsModule(dns.promises, 'dns.promises');
for (const name of Object.getOwnPropertyNames(dns.Resolver.prototype)) {
  if (!/^resolve/.test(name)) continue;
  const original = dns.Resolver.prototype[name];
  dns.Resolver.prototype[name] = function guardedResolverMethod(hostname, ...rest) {
    check(`dns.Resolver.${name}`, hostname);
    return original.call(this, hostname, ...rest);
  };
}

function targetOfRequestArgs(args, defaultPort) {
  let url = null;
  let options = {};
  if (typeof args[0] === 'string' || args[0] instanceof URL) {
    url = new URL(String(args[0]));
    if (args[1] && typeof args[1] === 'object') options = args[1];
  } else if (args[0] && typeof args[0] === 'object') {
    options = args[0];
  }
  const host = options.hostname ?? options.host ?? (url ? url.hostname : 'localhost');
  const port = options.port ?? (url && url.port ? url.port : defaultPort);
  return { host, port, viaSocketPath: options.socketPath !== undefined };
}
for (const [mod, label, port] of [[http, 'http', 80], [https, 'https', 443]]) {
  for (const name of ['request', 'get']) {
    const original = mod[name];
    mod[name] = function guardedRequest(...args) {
      const t = targetOfRequestArgs(args, port);
      if (!t.viaSocketPath) check(`${label}.${name}`, t.host, t.port);
      return original.apply(this, args);
    };
  }
}

if (typeof globalThis.fetch === 'function') {
  const originalFetch = globalThis.fetch;
  globalThis.fetch = function guardedFetch(input, init) {
    const url = new URL(typeof input === 'string' || input instanceof URL ? String(input) : input.url);
    check('fetch', url.hostname, url.port || undefined);
    return originalFetch.call(this, input, init);
  };
}

module.exports = { isLoopbackHost, CODE };
