// Preloaded (`node --require`) into the processes the packaging test starts, so that "offline" is
// tested, not assumed: every socket connect and DNS lookup is reported on stderr with OFFLINE_MARKER
// and refused. It reports as well as throws because tools often swallow a failed update check.
// Sockets: net.connect, tls.connect and fetch (undici) all end in net.Socket.prototype.connect.
'use strict';
const net = require('node:net');
const dns = require('node:dns');

const OFFLINE_MARKER = 'OFFLINE TEST: network access attempted';

function refuse(what) {
  return function refused() {
    process.stderr.write(`${OFFLINE_MARKER}: ${what}\n`);
    throw new Error(`${OFFLINE_MARKER}: ${what}`);
  };
}

net.Socket.prototype.connect = refuse('net.Socket.connect');
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) {
  dns[name] = refuse(`dns.${name}`);
  dns.promises[name] = refuse(`dns.promises.${name}`);
}
