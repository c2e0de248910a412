// Shared helpers for real-browser tests: the real server on a free port, and Debian's Chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser } from 'playwright-core';

export const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

export const CHROME_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // The app picks its language from the browser: tests that read English text run in English
  // (a context can still ask for another locale, e.g. locale.e2e.ts).
  '--lang=en-US',
];

export interface RunningServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `npm start`'s entry point on 127.0.0.1 and a free port; resolves with its URL. */
export function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  // PORT may be given to restart a server where the last one was.
  const child = spawn(process.execPath, ['server/start.mjs'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start:\n${output}`));
    }, 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/[^\s]+\/)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        const url = match[1];
        resolve({
          url,
          process: child,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROME_PATH, args: CHROME_ARGS });
}

export interface E2eFixture {
  readonly browser: Browser;
  readonly server: RunningServer;
  /** Starts another server (stopped after the file's tests with the rest). */
  startServer(env?: Record<string, string>): Promise<RunningServer>;
}

/** One Chromium and one app server per test file, both stopped after its tests. */
export function useBrowserAndServer(options: { server?: boolean } = {}): E2eFixture {
  let browser: Browser | null = null;
  const servers: RunningServer[] = [];
  beforeAll(async () => {
    if (options.server !== false) servers.push(await startServer());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    for (const s of servers) await s.stop();
  });
  return {
    get browser() {
      if (!browser) throw new Error('the browser is not started yet');
      return browser;
    },
    get server() {
      const s = servers[0];
      if (!s) throw new Error('no server is running');
      return s;
    },
    async startServer(env = {}) {
      const s = await startServer(env);
      servers.push(s);
      return s;
    },
  };
}
