import { describe, expect, it } from 'vitest';
import { Emitter } from '../../../../src/core/util/emitter';

describe('Emitter', () => {
  it('delivers to listeners, isolates a throwing one, and unsubscribes', () => {
    const errors: unknown[] = [];
    const e = new Emitter<{ n: number }>((err) => errors.push(err));
    const seen: number[] = [];
    e.on('n', () => {
      throw new Error('boom');
    });
    const off = e.on('n', (n) => seen.push(n));
    e.emit('n', 1);
    off();
    e.emit('n', 2);
    expect(seen).toEqual([1]);
    expect(errors).toHaveLength(2);
    e.clear();
    e.emit('n', 3);
    expect(errors).toHaveLength(2);
  });
});
