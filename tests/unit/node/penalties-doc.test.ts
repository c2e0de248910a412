import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { PENALTIES, REFUSALS } from '../../../src/node/p2p/penalties';

// docs/PROTOCOL.md's penalty and refusal tables are the code's tables, row for row. On a change,
// this test prints the rows to paste between the markers.
const docPath = path.resolve(__dirname, '../../../docs/PROTOCOL.md');

function section(doc: string, name: string): string {
  const start = doc.indexOf(`<!-- ${name} -->\n`);
  const end = doc.indexOf(`<!-- /${name} -->`);
  expect(start, `marker ${name}`).toBeGreaterThan(0);
  return doc.slice(start + name.length + 10, end);
}

const penaltyRows = () =>
  ['| what | code | score | at 100 |', '| --- | --- | --- | --- |', ...Object.entries(PENALTIES).map(([code, p]) => `| ${p.what} | \`${code}\` | ${p.score} | ${p.reply} |`)].join('\n') + '\n';
const refusalRows = () =>
  ['| when | code | reply |', '| --- | --- | --- |', ...Object.entries(REFUSALS).map(([code, r]) => `| ${r.what} | \`${code}\` | ${r.reply} |`)].join('\n') + '\n';

describe('PROTOCOL.md penalty tables', () => {
  const doc = fs.readFileSync(docPath, 'utf8');
  it('are exactly the PENALTIES table in code', () => expect(section(doc, 'penalties')).toBe(penaltyRows()));
  it('are exactly the REFUSALS table in code', () => expect(section(doc, 'refusals')).toBe(refusalRows()));
});
