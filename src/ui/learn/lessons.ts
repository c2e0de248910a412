// The lessons, in reading order. Each loads on demand (its own chunk), so none of their code is
// in the initial bundle; the Learn index and this list are.
import type { Component } from 'svelte';
import type { LearnLab } from '../../app/learn-lab';

export interface LessonProps {
  lab: LearnLab;
}

export interface Lesson {
  slug: string;
  title: string;
  summary: string;
  load: () => Promise<{ default: Component<LessonProps> }>;
}

export const LESSONS: Lesson[] = [
  { slug: 'hash', title: 'Hash', summary: 'Type anything and watch its fingerprint change.', load: () => import('./HashLesson.svelte') },
  { slug: 'block', title: 'Block', summary: 'Open a real block, edit it, break it, mine it again.', load: () => import('./BlockLesson.svelte') },
  { slug: 'chain', title: 'Chain', summary: 'Tamper with history and see what rewriting it costs.', load: () => import('./ChainLesson.svelte') },
  { slug: 'distributed', title: 'Distributed', summary: 'Send a forged block to peers and watch them refuse it.', load: () => import('./DistributedLesson.svelte') },
  { slug: 'keys', title: 'Keys and signatures', summary: 'Sign a message, change one character, see it fail.', load: () => import('./KeysLesson.svelte') },
  { slug: 'mempool', title: 'Transactions and the mempool', summary: 'The waiting room, the next block, and why nonces exist.', load: () => import('./MempoolLesson.svelte') },
  { slug: 'mining', title: 'Mining and difficulty', summary: 'Hashes against the target, and what ASERT does when hash rate changes.', load: () => import('./MiningLesson.svelte') },
  { slug: 'forks', title: 'Forks and reorganisations', summary: 'Split the network, mine on both sides, and watch the heavier chain win.', load: () => import('./ForksLesson.svelte') },
];

export interface CodeRef {
  file: string;
  fn: string;
}

/** Where a source file can be read; set VITE_SOURCE_URL at build time to make the references links. */
export const SOURCE_URL: string = (import.meta.env.VITE_SOURCE_URL as string | undefined) ?? '';
