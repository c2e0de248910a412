// The header's one word about the network: never more than the node knows. With no peers the
// chain cannot be "synced" with anyone: it is alone (signaling up) or offline (signaling down).
import { t } from './i18n/i18n';

export interface StatusInput {
  /** The chain's own word: starting, synced, syncing a/b, read-only, paused, stopped. */
  syncStatus: string;
  peers: number;
  signalingState: string;
  browserOnline: boolean;
}

export type HeaderStatus = { word: string; explanation: string };

const CHAIN_WORDS = ['starting', 'synced', 'read-only', 'paused', 'stopped'] as const;

/** The chain's own word in the active language ("syncing 3/9" keeps its figures). */
export function chainWord(status: string): string {
  const word = CHAIN_WORDS.find((w) => w === status);
  if (word) return t(`status.${word}`);
  const syncing = /^syncing (.*)$/.exec(status);
  return syncing ? t('status.syncing', { progress: syncing[1] ?? '' }) : status;
}

export function headerStatus(s: StatusInput): HeaderStatus {
  if (s.syncStatus !== 'synced') {
    const word = chainWord(s.syncStatus);
    return { word, explanation: t('status.explain.chain', { status: word }) };
  }
  if (s.peers > 0) return { word: t('status.synced'), explanation: t('status.explain.synced', { count: s.peers }) };
  if (!s.browserOnline) return { word: t('status.offline'), explanation: t('status.explain.offline') };
  if (s.signalingState === 'reconnecting' || s.signalingState === 'disconnected') return { word: t('status.reconnecting'), explanation: t('status.explain.reconnecting') };
  if (s.signalingState === 'connected') return { word: t('status.alone'), explanation: t('status.explain.alone') };
  return { word: t('status.connecting'), explanation: t('status.explain.connecting') };
}
