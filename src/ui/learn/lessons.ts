// The lessons, in reading order. Each loads on demand (its own chunk), so none of their code is
// in the initial bundle; the Learn index and this list are.
import type { Component } from 'svelte';
import type { LearnLab } from '../../app/learn-lab';
import { t } from '../../app/i18n/i18n';

export interface LessonProps {
  lab: LearnLab;
}

export type LessonSlug = 'hash' | 'block' | 'chain' | 'distributed' | 'keys' | 'mempool' | 'mining' | 'forks';

export interface Lesson {
  slug: LessonSlug;
  load: () => Promise<{ default: Component<LessonProps> }>;
}

export const lessonTitle = (slug: LessonSlug): string => t(`lesson.${slug}.title`);
export const lessonSummary = (slug: LessonSlug): string => t(`lesson.${slug}.summary`);

export const LESSONS: Lesson[] = [
  { slug: 'hash', load: () => import('./HashLesson.svelte') },
  { slug: 'block', load: () => import('./BlockLesson.svelte') },
  { slug: 'chain', load: () => import('./ChainLesson.svelte') },
  { slug: 'distributed', load: () => import('./DistributedLesson.svelte') },
  { slug: 'keys', load: () => import('./KeysLesson.svelte') },
  { slug: 'mempool', load: () => import('./MempoolLesson.svelte') },
  { slug: 'mining', load: () => import('./MiningLesson.svelte') },
  { slug: 'forks', load: () => import('./ForksLesson.svelte') },
];

export interface CodeRef {
  file: string;
  fn: string;
}

/** Where a source file can be read; set VITE_SOURCE_URL at build time to make the references links. */
export const SOURCE_URL: string = (import.meta.env.VITE_SOURCE_URL as string | undefined) ?? '';
