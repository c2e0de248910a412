// Deutsch, bei Bedarf geladen, sobald es gewählt wird (src/app/i18n/i18n.ts).
import type { Language } from '../catalogue';
import { appDe } from './app';
import { viewsDe } from './views';
import { walletDe } from './wallet';
import { errorsDe } from './errors';
import { rulesDe } from './rules';

export const german: Language = { messages: { ...appDe, ...viewsDe, ...walletDe, ...errorsDe }, rules: rulesDe };
