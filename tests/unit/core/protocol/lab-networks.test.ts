// Lab networks (issue 18): classroom networks named lab-…, the only ones attack tools act on.
import { describe, expect, it } from 'vitest';
import { assertLabNetwork, classroomNetwork, MAIN, networkByName, NotALabError, REGTEST } from '../../../../src/core/protocol/networks';
import { toHex } from '../../../../src/core/encoding/bytes';

describe('lab networks', () => {
  it('are the classroom networks named lab-<name>, each round included', () => {
    for (const name of ['lab-demo', 'lab-demo.2', 'LAB-Physics']) {
      const n = networkByName(name);
      expect(n.kind, name).toBe('classroom');
      expect(n.lab, name).toBe(true);
    }
    for (const n of [MAIN, REGTEST, classroomNetwork('physics'), classroomNetwork('labs'), classroomNetwork('lab'), classroomNetwork('my-lab-1')]) expect(n.lab, n.name).toBe(false);
  });

  it('keep the classroom rules and derive their genesis from the name (docs/PROTOCOL.md vector)', () => {
    const lab = classroomNetwork('lab-demo');
    const physics = classroomNetwork('physics');
    expect([lab.spacing, lab.halfLife, lab.coinbaseMaturity, lab.genesis.header.bits]).toEqual([physics.spacing, physics.halfLife, physics.coinbaseMaturity, physics.genesis.header.bits]);
    expect(toHex(lab.genesisHash)).toBe('8cdb25363f737648a35b0047bbc28504e12c8f13abd86f1ab6c1694cab978158');
    expect(lab.hrp).toBe('sc-lab-demo');
  });

  it('are the only networks the lab guard lets a tool act on', () => {
    for (const n of [MAIN, REGTEST, classroomNetwork('physics')]) expect(() => assertLabNetwork(n, 'A tool'), n.name).toThrow(NotALabError);
    expect(() => assertLabNetwork(MAIN, 'Packet loss')).toThrow(/Packet loss works only on a lab network \(lab-…\), not on "main"/);
    expect(() => assertLabNetwork(classroomNetwork('lab-demo'), 'A tool')).not.toThrow();
  });
});
