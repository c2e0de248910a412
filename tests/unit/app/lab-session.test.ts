// The app's side of lab session files: an unreadable or oversized file is said in words by its
// code (before an oversized one is read at all), and the log reads as sentences with who did it.
import { describe, expect, it } from 'vitest';
import { importSession, narrate } from '../../../src/app/lab-session';
import { useMessages } from '../../../src/app/i18n/i18n';
import { labEn } from '../../../src/app/i18n/en/lab';
import { MAX_SESSION_BYTES, sessionParamsOf, type LabSession } from '../../../src/lab/session-file';
import { classroomNetwork } from '../../../src/core/protocol/networks';

useMessages('lab', 'en', labEn);

const session: LabSession = {
  lab: 'lab-demo',
  params: sessionParamsOf(classroomNetwork('lab-demo')),
  recordedBy: 'aa'.repeat(32),
  startedAt: 0,
  members: [{ key: 'bb'.repeat(32), nickname: 'Ada' }],
  blocks: [],
  events: [],
  truncated: false,
};

describe('lab sessions in the app', () => {
  it('says why a file is refused, by its code', async () => {
    await expect(importSession(new Blob(['not json']))).resolves.toEqual({ replay: null, error: 'This is not a session file: it is not JSON text.' });
    await expect(importSession(new Blob(['{"format":"simplecoin-lab-session","version":9}']))).resolves.toMatchObject({ error: 'This session file is version 9; this app reads version 1. Reload to update the app.' });
  });

  it('refuses an oversized file without reading it', async () => {
    const huge = { size: MAX_SESSION_BYTES + 1, arrayBuffer: () => Promise.reject(new Error('read')) };
    await expect(importSession(huge)).resolves.toEqual({ replay: null, error: 'This file is larger than 8 MiB: it is not a lab session.' });
  });

  it('narrates who did what, each line a sentence', () => {
    const control = { at: 0, kind: 'control', isolated: true, latencyMs: 0, lossPermille: 0, splitS: 0, control: 'conditions' } as const;
    expect(narrate(session, { ...control, by: 'aa'.repeat(32) })).toBe('The recording tab cut themselves off from every peer.');
    expect(narrate(session, { ...control, by: 'bb'.repeat(32), control: 'split', splitS: 60 })).toBe('Ada split the class in two halves for 60 s.');
    expect(narrate(session, { at: 0, kind: 'verdict', by: 'cc'.repeat(32), subject: 'dd'.repeat(32), rule: 'bad-pow' })).toMatch(/^Peer cccccccc refused dddddddddddd: rule bad-pow\. \S/);
  });
});
