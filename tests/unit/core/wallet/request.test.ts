import { describe, expect, it } from 'vitest';
import { parsePaymentRequest, paymentLink } from '../../../../src/core/wallet/request';

const ADDRESS = 'scrt1qy352euf40x77qfrg4ncn27uvujsxw2c3yl4ckgmqkqdlsnyf4gsvhxh6p';

describe('payment requests', () => {
  it('round-trip a link with an amount, keeping the page and network but not the old route', () => {
    const link = paymentLink('http://127.0.0.1:8080/?net=regtest#/wallet', ADDRESS, ' 1.25 ');
    expect(link).toBe(`http://127.0.0.1:8080/?net=regtest#/wallet/pay/${ADDRESS}?amount=1.25`);
    expect(parsePaymentRequest(link)).toEqual({ to: ADDRESS, amount: '1.25' });
    expect(paymentLink('http://x/', ADDRESS, '')).toBe(`http://x/#/wallet/pay/${ADDRESS}`);
  });

  it('read a bare address or a simplecoin: URI, as a QR code may hold', () => {
    expect(parsePaymentRequest(` ${ADDRESS.toUpperCase()} `)).toEqual({ to: ADDRESS, amount: '' });
    expect(parsePaymentRequest(`simplecoin:${ADDRESS}?amount=3`)).toEqual({ to: ADDRESS, amount: '3' });
  });

  it('refuse what is not a request, and drop an amount that is not a number', () => {
    for (const bad of ['', 'hello world', 'https://example.com/', `${ADDRESS}<script>`]) expect(parsePaymentRequest(bad)).toBeNull();
    expect(parsePaymentRequest(`simplecoin:${ADDRESS}?amount=-5`)?.amount).toBe('');
    expect(parsePaymentRequest(`simplecoin:${ADDRESS}?amount=%E0%A4%A`)?.amount).toBe('');
    expect(parsePaymentRequest(`simplecoin:${ADDRESS}?amount=1e9`)?.amount).toBe('');
  });

  // The amount pattern: up to 12 whole digits (MAX_MONEY is 420,000,000 coins, 9 digits), then at
  // most 8 decimals (a base unit is 10^-8 coin); either part may be empty.
  it('keep an amount of up to 12 whole digits and 8 decimals, and drop anything longer or not a number', () => {
    const amountOf = (amount: string) => parsePaymentRequest(`simplecoin:${ADDRESS}?amount=${amount}`)?.amount;
    for (const kept of ['123456789012', '1.12345678', '123456789012.12345678', '.5', '5.', '0']) expect(amountOf(kept), kept).toBe(kept);
    for (const dropped of ['1234567890123', '1.123456789', '1x5', '1.5.5', 'a1', '1a', ' 1', '1.a']) expect(amountOf(dropped), dropped).toBe('');
  });
});
