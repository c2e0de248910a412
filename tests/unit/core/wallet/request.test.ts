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
});
