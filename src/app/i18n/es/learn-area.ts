// Español: los mensajes de las rutas de Aprender, cargados con ellas (src/app/i18n/i18n.ts, loadLearnMessages).
import type { LearnCatalogue } from '../catalogue';
import { learnEs } from './learn';
import { lessonsEs } from './lessons';

export const learnAreaEs: LearnCatalogue = { ...learnEs, ...lessonsEs };
