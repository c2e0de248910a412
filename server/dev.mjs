// `npm run dev`: Vite with HMR, plus the same local signaling proxied at /peerjs.
// The PeerServer listens on its own port because its websocket server would refuse Vite's HMR upgrades.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { createAppServer } from './app.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT ?? 5173);

const signaling = createAppServer({ discovery: process.env.PEER_DISCOVERY !== 'off' });
const signalUrl = await signaling.listen(0, '127.0.0.1');
const vite = await createServer({
  root,
  server: {
    host,
    port,
    proxy: { '/peerjs': { target: signalUrl.replace(/\/$/, ''), ws: true } },
  },
});
await vite.listen();
vite.printUrls();
const stop = async () => {
  await vite.close();
  await signaling.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
