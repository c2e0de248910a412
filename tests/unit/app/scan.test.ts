import { describe, expect, it } from 'vitest';
import { fillFromRequest, readScan } from '../../../src/app/scan';
import { t } from '../../../src/app/i18n/i18n';
import { paymentLink } from '../../../src/core/wallet/request';

const ADDRESS = 'scrt1qy352euf40x77qfrg4ncn27uvujsxw2c3yl4ckgmqkqdlsnyf4gsvhxh6p';

const scanInto = (fields: { to: string; amount: string }, text: string) => {
  const scan = readScan(text);
  return 'request' in scan ? fillFromRequest(fields, scan.request) : scan;
};

describe('a scanned QR code and the send form', () => {
  it("fills the recipient and amount from the QR code of another wallet's payment request", () => {
    // What WalletReceive draws as its request QR code.
    const qr = paymentLink('http://127.0.0.1:8080/?net=regtest#/wallet', ADDRESS, '2.5');
    expect(scanInto({ to: 'typed', amount: '9' }, qr)).toEqual({ to: ADDRESS, amount: '2.5' });
  });

  it('an address alone fills the recipient and keeps the amount typed', () => {
    expect(scanInto({ to: '', amount: '9' }, ADDRESS)).toEqual({ to: ADDRESS, amount: '9' });
    expect(scanInto({ to: '', amount: '' }, `simplecoin:${ADDRESS.toUpperCase()}`)).toEqual({ to: ADDRESS, amount: '' });
  });

  it('a code that is no request leaves the form alone and says why', () => {
    expect(scanInto({ to: 'x', amount: '1' }, 'https://example.com/menu')).toEqual({ error: t('scan.notOurs') });
    // A request with an amount that is no number fills the recipient only.
    expect(scanInto({ to: '', amount: '1' }, `${ADDRESS}?amount=lots`)).toEqual({ to: ADDRESS, amount: '1' });
  });
});
