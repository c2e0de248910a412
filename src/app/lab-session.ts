// Lab sessions in the app (issue 18, "Reproducible sessions"): on a lab network this tab records
// the session from the start (main.ts), and the Lab view exports it as one file; on any tab the
// view imports such a file, a teacher's hand-out for instance, and replays it here
// (lab/session-replay.ts). What the replay shows is put in words here, in the reader's language.
import { formatCoins } from '../core/wallet/amount';
import { decodeSessionFile, encodeSessionFile, MAX_SESSION_BYTES, SessionFileError, type LabSession, type SessionEvent } from '../lab/session-file';
import { SessionRecorder } from '../lab/session-recorder';
import { SessionReplay } from '../lab/session-replay';
import type { BrowserNode } from '../node/browser';
import { explainRule, formatDecimal, loadMessages, t } from './i18n/i18n';

export type { SessionReplay, ReplayFrame, BlockVerdict } from '../lab/session-replay';
export type { SessionRecorder } from '../lab/session-recorder';
export { MAX_SESSION_BYTES } from '../lab/session-file';

/** Starts recording this tab's lab session (only on a lab network, where conditions exist). */
export function startRecording(browserNode: BrowserNode): SessionRecorder {
  return new SessionRecorder(browserNode.params, browserNode.node, browserNode.conditions, () => Date.now());
}

/** The session file to download: its name and text. */
export async function exportSession(recorder: SessionRecorder): Promise<{ name: string; text: string }> {
  const session = await recorder.export();
  const stamp = new Date(Date.now()).toISOString().slice(0, 16).replace(/[:T]/g, '-');
  return { name: `${session.lab}-session-${stamp}.json`, text: encodeSessionFile(session) };
}

export type ImportResult = { replay: SessionReplay; error: '' } | { replay: null; error: string };

/** Reads a chosen file (size first, then schema) and replays it; the error is said beside the file field. */
export async function importSession(file: Pick<Blob, 'size' | 'arrayBuffer'>): Promise<ImportResult> {
  try {
    if (file.size > MAX_SESSION_BYTES) throw new SessionFileError('session-too-large', 'file too large', { max: MAX_SESSION_BYTES / 1024 / 1024 });
    const session = decodeSessionFile(new Uint8Array(await file.arrayBuffer()));
    // The replay draws the Learn routes' fork tree, which speaks their messages.
    const [replay] = await Promise.all([SessionReplay.load(session), loadMessages('learn')]);
    return { replay, error: '' };
  } catch (error) {
    if (error instanceof SessionFileError) return { replay: null, error: t(`lab.session.err.${error.code}`, { ...error.params, max: Number(error.params.max ?? 0) }) };
    return { replay: null, error: t('lab.session.err.unreadable') };
  }
}

/** A member's name as the file says it: the recording tab, a nickname, or the start of the key. */
export function sessionMember(session: LabSession, key: string): string {
  if (key === session.recordedBy) return t('lab.session.recorder');
  const nickname = session.members.find((m) => m.key === key)?.nickname;
  return nickname || t('lab.session.member', { key: key.slice(0, 8) });
}

/** The start of a hash or key: enough to tell them apart in a lesson. */
const short = (hex: string) => hex.slice(0, 12);

/** A line may start with a name ("the recording tab"): it starts with a capital all the same. */
const sentence = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);

/** One event of the log in words. Rule IDs are the file's word: explained only if they are ours. */
export function narrate(session: LabSession, event: SessionEvent): string {
  return sentence(describe(session, event));
}

function describe(session: LabSession, event: SessionEvent): string {
  const who = (key: string) => sessionMember(session, key);
  switch (event.kind) {
    case 'block':
      return t('lab.session.ev.block', { height: event.height, hash: short(event.hash), miner: short(event.miner) });
    case 'reorg':
      return t('lab.session.ev.reorg', { count: event.depth, height: event.height, hash: short(event.tip) });
    case 'transfer':
      return t('lab.session.ev.transfer', { amount: formatCoins(event.amount), fee: formatCoins(event.fee), sender: short(event.sender), recipient: short(event.recipient) });
    case 'rejected':
      return `${t(`lab.session.ev.rejected.${event.object}`, { id: short(event.id), rule: event.rule })} ${explainRule(event.rule)}`.trim();
    case 'verdict':
      return `${t('lab.session.ev.verdict', { name: who(event.by), id: short(event.subject), rule: event.rule })} ${explainRule(event.rule)}`.trim();
    case 'peers':
      return t('lab.session.ev.peers', { count: event.count });
    case 'control':
      if (event.control === 'split') return t('lab.session.ev.split', { name: who(event.by), seconds: event.splitS });
      if (event.control === 'rejoin') return t('lab.session.ev.rejoin', { name: who(event.by) });
      if (event.isolated) return t('lab.session.ev.isolated', { name: who(event.by) });
      return t('lab.session.ev.conditions', { name: who(event.by), latency: event.latencyMs, loss: event.lossPermille / 10 });
  }
}

/** "12.5 s" into the session. */
export const sessionTime = (event: SessionEvent | null): string => t('lab.session.at', { seconds: formatDecimal((event?.at ?? 0) / 1000, 1) });
