// Which signaling (PeerServer) a page uses, in order: ?signal= or a saved setting; else this
// origin's /peerjs if it answers; else the public PeerJS cloud.
import { CodedError } from '../core/protocol/coded-error';

export interface SignalingConfig {
  host: string;
  port: number;
  /** Where the PeerServer is mounted, starting and ending with '/'. */
  path: string;
  secure: boolean;
  key: string;
  /** How the UI names it, e.g. "127.0.0.1:8080/peerjs". */
  label: string;
}

/** 'memory': no server at all, the in-memory network of tests, lessons and the simulator (memory-transport.ts). */
export type SignalingSource = 'query' | 'saved' | 'same-origin' | 'public-cloud' | 'memory';

export interface SignalingChoice {
  config: SignalingConfig;
  source: SignalingSource;
}

export const PUBLIC_CLOUD: SignalingConfig = {
  host: '0.peerjs.com',
  port: 443,
  path: '/',
  secure: true,
  key: 'peerjs',
  label: '0.peerjs.com (public PeerJS cloud)',
};

export const SIGNAL_SPEC_ERRORS = ['signal-length', 'signal-format', 'signal-port'] as const;

/** A signaling server address the user typed that cannot be used. */
export class SignalSpecError extends CodedError<(typeof SIGNAL_SPEC_ERRORS)[number]> {
  override name = 'SignalSpecError';
}

const HOST_RE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$|^\[[0-9a-f:.]+\]$/i;

/**
 * Parses "host[:port][/path]", optionally with an http(s):// or ws(s):// scheme. Without a scheme
 * the connection is secure unless the host is local and the page itself is plain http.
 */
export function parseSignalSpec(spec: string, pageSecure: boolean): SignalingConfig {
  const trimmed = spec.trim();
  if (trimmed.length === 0 || trimmed.length > 255) throw new SignalSpecError('signal-length', 'The signaling server address is empty or too long.', { max: 255 });
  const schemeMatch = /^(https?|wss?):\/\//i.exec(trimmed);
  const rest = schemeMatch ? trimmed.slice(schemeMatch[0].length) : trimmed;
  const m = /^(\[[^\]]+\]|[^:/]+)(?::(\d{1,5}))?(\/.*)?$/.exec(rest);
  if (!m || !HOST_RE.test(m[1] ?? '')) {
    throw new SignalSpecError('signal-format', `"${spec}" is not a signaling server address. Use host[:port][/path], e.g. example.org:9000/peerjs.`, { spec });
  }
  const host = m[1] as string;
  const local = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(host);
  const secure = schemeMatch ? /^(https|wss)$/i.test(schemeMatch[1] as string) : pageSecure || !local;
  const port = m[2] ? Number(m[2]) : secure ? 443 : 80;
  if (port < 1 || port > 65535) throw new SignalSpecError('signal-port', `Port ${port} is out of range (1-65535).`, { port: String(port) });
  const rawPath = m[3] ?? '/';
  const path = rawPath.endsWith('/') ? rawPath : `${rawPath}/`;
  const label = `${host}${m[2] ? `:${port}` : ''}${path === '/' ? '' : path.replace(/\/$/, '')}`;
  return { host, port, path, secure, key: 'peerjs', label };
}

/** The same-origin PeerServer that `npm start` and `npm run dev` mount at /peerjs. */
export function sameOriginSignaling(origin: URL): SignalingConfig {
  const secure = origin.protocol === 'https:';
  const port = origin.port ? Number(origin.port) : secure ? 443 : 80;
  return { host: origin.hostname, port, path: '/peerjs/', secure, key: 'peerjs', label: `${origin.host}/peerjs (this server)` };
}

/** Whether a PeerServer answers at this origin's /peerjs (it replies with its name as JSON). */
export async function probeSameOrigin(origin: URL, fetchImpl: typeof fetch, timeoutMs = 2000): Promise<boolean> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetchImpl(new URL('/peerjs', origin), { cache: 'no-store', signal: controller.signal });
    if (!response.ok) return false;
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null && (body as { name?: unknown }).name === 'PeerJS Server';
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export interface ChooseSignalingInput {
  pageUrl: URL;
  savedSpec: string | null;
  fetchImpl: typeof fetch;
}

export async function chooseSignaling({ pageUrl, savedSpec, fetchImpl }: ChooseSignalingInput): Promise<SignalingChoice> {
  const pageSecure = pageUrl.protocol === 'https:';
  const querySpec = pageUrl.searchParams.get('signal');
  if (querySpec) return { config: parseSignalSpec(querySpec, pageSecure), source: 'query' };
  if (savedSpec) return { config: parseSignalSpec(savedSpec, pageSecure), source: 'saved' };
  if (await probeSameOrigin(pageUrl, fetchImpl)) return { config: sameOriginSignaling(pageUrl), source: 'same-origin' };
  return { config: PUBLIC_CLOUD, source: 'public-cloud' };
}
