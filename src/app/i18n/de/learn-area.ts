// Deutsch: die Meldungen der Lernen-Routen, mit ihnen geladen (src/app/i18n/i18n.ts, loadLearnMessages).
import type { LearnCatalogue } from '../catalogue';
import { learnDe } from './learn';
import { lessonsDe } from './lessons';

export const learnAreaDe: LearnCatalogue = { ...learnDe, ...lessonsDe };
