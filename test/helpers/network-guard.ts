/**
 * Loaded before every test file (see bin/run-tests.js): a connection to anything but this machine fails the test
 * that made it. Tests talk to local doubles on 127.0.0.1 only; nothing may reach the internet.
 */
import net from 'node:net';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

type ConnectArgs = Parameters<net.Socket['connect']>;

function targetHost(args: unknown[]): string | null {
  const [first] = args;
  if (Array.isArray(first)) return targetHost(first);
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; path?: string };
    if (typeof options.path === 'string') return null; // a local socket file
    return options.host ?? 'localhost';
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return null; // a path
  return typeof args[1] === 'string' ? args[1] : 'localhost';
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: ConnectArgs) {
  const host = targetHost(args);
  if (host !== null && !LOOPBACK.test(host)) {
    throw new Error(`test tried to connect to ${host}: tests may only connect to 127.0.0.1`);
  }
  return originalConnect.apply(this, args);
} as typeof originalConnect;
