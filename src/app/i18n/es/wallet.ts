// Español: las vistas del monedero (configuración, saldos, enviar, recibir, historial).
import type { walletEn } from '../en/wallet';
import type { Translation } from '../types';

export const walletEs: Translation<typeof walletEn> = {
};
