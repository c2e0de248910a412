// Español, cargado bajo demanda cuando se elige (src/app/i18n/i18n.ts).
import type { Language } from '../catalogue';
import { appEs } from './app';
import { viewsEs } from './views';
import { walletEs } from './wallet';
import { errorsEs } from './errors';
import { rulesEs } from './rules';

export const spanish: Language = { messages: { ...appEs, ...viewsEs, ...walletEs, ...errorsEs }, rules: rulesEs };
