import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';

// src/core/READING.md is the order to read the core in. It must not drift from the tree: every
// file is on it once, each file's opening comment names the same stop, and each stop's spec exists.
const root = path.resolve(__dirname, '../../..');
const core = path.join(root, 'src/core');
const reading = fs.readFileSync(path.join(core, 'READING.md'), 'utf8');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(p);
    return /\.(ts|js)$/.test(d.name) ? [path.relative(core, p)] : [];
  });
}

/** Each section of READING.md: its stop number (null beside the path), the core files it lists (by path), its specs. */
const sections = reading
  .split(/^## /m)
  .slice(1)
  .map((text) => ({
    stop: /^(\d+)\. /.exec(text)?.[1] ?? null,
    files: [...text.matchAll(/`([\w/-]+\.(?:ts|js))`/g)].map((m) => m[1] as string).filter((f) => f.includes('/') && !f.startsWith('tests/')),
    specs: [...text.matchAll(/`(tests\/[\w/.-]+\.test\.ts)`/g)].map((m) => m[1] as string),
  }));

describe('the reading path (src/core/READING.md)', () => {
  it('has the nine stops in order, each with a spec that exists', () => {
    expect(sections.filter((s) => s.stop).map((s) => s.stop)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    for (const s of sections) {
      expect(s.specs.length, `stop ${s.stop}`).toBeGreaterThan(0);
      for (const spec of s.specs) expect(fs.existsSync(path.join(root, spec)), spec).toBe(true);
    }
  });

  it('names every src/core file once, and each file\'s opening comment names its stop', () => {
    const named = sections.flatMap((s) => s.files);
    expect([...named].sort()).toEqual(sourceFiles(core).sort());
    for (const s of sections) {
      for (const file of s.files) {
        const opening = (/^(?:\/\/.*\n)+/.exec(fs.readFileSync(path.join(core, file), 'utf8'))?.[0] ?? '').replace(/\n\/\/ /g, ' ');
        expect(opening, file).toMatch(s.stop ? new RegExp(`Reading path: stop ${s.stop},`) : /Reading path: beside it/);
      }
    }
  });
});
