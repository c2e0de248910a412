// English, the source of keys: the wallet views (setup, balances, send, receive, history).
export const walletEn = {
} as const;
