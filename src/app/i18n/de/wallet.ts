// Deutsch: die Wallet-Ansichten (Einrichtung, Guthaben, Senden, Empfangen, Verlauf).
import type { walletEn } from '../en/wallet';
import type { Translation } from '../types';

export const walletDe: Translation<typeof walletEn> = {
};
