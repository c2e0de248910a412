// English, the source of keys: the Learn routes' messages, loaded with them (src/app/i18n/i18n.ts,
// loadLearnMessages), so the lesson texts stay out of the initial bundle.
import { learnEn } from './learn';
import { lessonsEn } from './lessons';

export const learnAreaEn = { ...learnEn, ...lessonsEn } as const;
