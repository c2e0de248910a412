// One Node process serves the built app and a PeerServer (signaling) at /peerjs.
import http from 'node:http';
import path from 'node:path';
import express from 'express';
import compression from 'compression';
import { ExpressPeerServer } from 'peer';

export const PUBLIC_CLOUD_HOST = '0.peerjs.com';

/**
 * The Content-Security-Policy: only our own origin, the configured signaling servers and
 * WebAssembly compilation (the miner). No inline script, no plugins, no framing.
 * @param {string[]} signalHosts extra signaling servers, as host[:port]
 */
export function contentSecurityPolicy(signalHosts) {
  const signal = signalHosts.flatMap((h) => [`https://${h}`, `wss://${h}`]);
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ${signal.join(' ')}`.trim(),
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** @param {import('express').Response} res @param {string} filePath */
function setCacheHeaders(res, filePath) {
  const rel = filePath.split(path.sep).join('/');
  // Vite puts content-hashed files under assets/: their bytes never change under a name.
  if (rel.includes('/assets/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  else res.setHeader('Cache-Control', 'no-cache');
}

/**
 * @param {{ distDir?: string, signalHosts?: string[], discovery?: boolean }} options
 */
export function createAppServer(options = {}) {
  const { distDir, signalHosts = [PUBLIC_CLOUD_HOST], discovery = true } = options;
  const app = express();
  const server = http.createServer(app);
  const csp = contentSecurityPolicy(signalHosts);
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    // The camera only for this origin: the wallet's QR scanner.
    res.setHeader('Permissions-Policy', 'camera=(self), microphone=(), geolocation=()');
    next();
  });
  const peerServer = ExpressPeerServer(server, { path: '/', allow_discovery: discovery, proxied: false });
  app.use('/peerjs', peerServer);
  if (distDir) {
    // gzip for text (HTML, JS, CSS, JSON, SVG, WebAssembly); PeerJS above is left as is.
    app.use(compression());
    app.use(express.static(distDir, { index: 'index.html', setHeaders: setCacheHeaders, fallthrough: true }));
  }
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return {
    app,
    server,
    peerServer,
    /** @param {number} port @param {string} host @returns {Promise<string>} the URL it serves */
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          const actualPort = typeof address === 'object' && address ? address.port : port;
          const shownHost = host.includes(':') ? `[${host}]` : host;
          resolve(`http://${shownHost}:${actualPort}/`);
        });
      });
    },
    /** Stops accepting, drops open sockets (websockets too) and resolves when closed. */
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve(undefined));
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
