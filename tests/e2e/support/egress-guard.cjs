// Loaded into every Node process of the end-to-end run (NODE_OPTIONS=--require): records each
// outgoing connection or DNS lookup that is not for this machine, so a test can prove that the
// console in simulator mode sends nothing past the loopback interface. It only records; the
// connection itself goes ahead (and fails, offline).
"use strict";
const fs = require("node:fs");
const net = require("node:net");
const dns = require("node:dns");

const logFile = process.env.EGRESS_LOG;
if (logFile) {
  const loopback = (host) =>
    host === undefined ||
    host === null ||
    host === "" ||
    host === "localhost" ||
    host === "::1" ||
    /^127\./.test(host) ||
    /^::ffff:127\./.test(host);
  const record = (kind, host, port) => {
    try {
      fs.appendFileSync(logFile, `${JSON.stringify({ kind, host, port, pid: process.pid })}\n`);
    } catch {
      // The log is best effort; never break the process under test.
    }
  };

  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(...args) {
    const first = args[0];
    let host;
    let port;
    if (Array.isArray(first)) {
      // Internal form: [options, callback].
      host = first[0]?.host;
      port = first[0]?.port;
    } else if (first && typeof first === "object") {
      if (!first.path) {
        host = first.host;
        port = first.port;
      }
    } else if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
      port = first;
      host = typeof args[1] === "string" ? args[1] : "localhost";
    }
    if (port !== undefined && !loopback(host)) record("connect", host, port);
    return connect.apply(this, args);
  };

  const lookup = dns.lookup;
  dns.lookup = function guardedLookup(hostname, ...rest) {
    if (!loopback(hostname) && !net.isIP(hostname)) record("dns", hostname);
    return lookup.call(this, hostname, ...rest);
  };
  const promisesLookup = dns.promises.lookup;
  dns.promises.lookup = function guardedPromisesLookup(hostname, ...rest) {
    if (!loopback(hostname) && !net.isIP(hostname)) record("dns", hostname);
    return promisesLookup.call(this, hostname, ...rest);
  };
}
