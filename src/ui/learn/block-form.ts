// A block as editable text fields, and back: what the block and chain lessons bind their inputs
// to. Parsing says which field is wrong, next to it, instead of throwing.
import { fromHex, toHex, utf8 } from '../../core/encoding/bytes';
import { TX_KIND_COINBASE, type Tx } from '../../core/primitives/tx';
import type { Block } from '../../core/primitives/block';
import { t } from '../../app/i18n/i18n';

export interface BlockForm {
  version: string;
  prevHash: string;
  merkleRoot: string;
  time: string;
  bits: string;
  nonce: string;
  amounts: string[];
  memos: string[];
}

const decoder = new TextDecoder();

export function toForm(block: Block): BlockForm {
  const h = block.header;
  return {
    version: String(h.version),
    prevHash: toHex(h.prevHash),
    merkleRoot: toHex(h.merkleRoot),
    time: String(h.time),
    bits: h.bits.toString(16).padStart(8, '0'),
    nonce: String(h.nonce),
    amounts: block.txs.map((t) => t.amount.toString()),
    memos: block.txs.map((t) => decoder.decode(t.memo)),
  };
}

const U32 = 0xffffffff;

function u32(text: string, errors: Record<string, string>, key: string, hex = false): number {
  const trimmed = text.trim();
  const ok = hex ? /^[0-9a-fA-F]{1,8}$/.test(trimmed) : /^\d{1,10}$/.test(trimmed);
  const v = ok ? (hex ? parseInt(trimmed, 16) : Number(trimmed)) : NaN;
  if (!ok || v > U32) errors[key] = hex ? t('block.errHex8') : t('block.errU32', { max: U32 });
  return ok && v <= U32 ? v : 0;
}

function bytes32(text: string, errors: Record<string, string>, key: string): Uint8Array {
  const trimmed = text.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(trimmed)) {
    errors[key] = t('block.errBytes32');
    return new Uint8Array(32);
  }
  return fromHex(trimmed);
}

/** The form applied to the original block (keys and signatures stay as they were). */
export function fromForm(original: Block, f: BlockForm): { block: Block; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const header = {
    version: u32(f.version, errors, 'version'),
    prevHash: bytes32(f.prevHash, errors, 'prevHash'),
    merkleRoot: bytes32(f.merkleRoot, errors, 'merkleRoot'),
    time: u32(f.time, errors, 'time'),
    bits: u32(f.bits, errors, 'bits', true),
    nonce: u32(f.nonce, errors, 'nonce'),
  };
  const txs = original.txs.map((tx, i): Tx => {
    const text = (f.amounts[i] ?? '').trim();
    let amount = tx.amount;
    if (/^\d{1,20}$/.test(text) && BigInt(text) < 1n << 64n) amount = BigInt(text);
    else errors[`amount${i}`] = t('block.errAmount');
    const memo = utf8(f.memos[i] ?? '');
    return tx.kind === TX_KIND_COINBASE ? { ...tx, amount, memo } : { ...tx, amount, memo };
  });
  return { block: { header, txs }, errors };
}
