// Every lab member's verdicts: what its node refused, and by which rule, told to the whole lab with
// a `lab` message (kind verdict), so the member who ran an attack sees each peer's answer. The
// refusals are the node's own (its 'rejected' event); this only repeats them to the lab.
import { Emitter } from '../core/util/emitter';
import { fromHex, toHex } from '../core/encoding/bytes';
import type { NetworkParams } from '../core/protocol/networks';
import type { NetworkConditions } from '../net/conditions';
import type { SimpleCoinNode } from '../node/node';
import { LabTool } from './lab-tool';
import { BoundedMap } from '../core/util/bounded-map';

export interface Verdict {
  /** The member that refused it (its node key, as it claims). */
  by: string;
  rule: string;
}

/** Objects whose verdicts are kept (the newest). */
const KEPT_SUBJECTS = 64;

export class LabVerdicts extends LabTool {
  readonly events = new Emitter<{ verdict: { subject: string; verdict: Verdict } }>();
  private readonly bySubject = new BoundedMap<string, Verdict[]>(KEPT_SUBJECTS);

  constructor(
    params: NetworkParams,
    node: Pick<SimpleCoinNode, 'events' | 'nodeKeyHex'>,
    private readonly conditions: NetworkConditions,
    random: (n: number) => Uint8Array,
  ) {
    super(params, 'Lab verdicts');
    const origin = fromHex(node.nodeKeyHex);
    node.events.on('rejected', ({ id, error }) => {
      if (!/^[0-9a-f]{64}$/.test(id)) return;
      // Said at once: the node may be about to close the link the object came on.
      conditions.broadcast({ id: random(16), origin, kind: 'verdict', isolated: false, latencyMs: 0, lossPermille: 0, splitSeed: 0, splitS: 0, subject: fromHex(id), rule: error.code });
    });
    conditions.events.on('control', ({ control }) => {
      if (control.kind !== 'verdict') return;
      this.add(toHex(control.subject), { by: toHex(control.origin), rule: control.rule });
    });
  }

  of(subjectHex: string): readonly Verdict[] {
    return this.bySubject.get(subjectHex) ?? [];
  }

  private add(subject: string, verdict: Verdict): void {
    const list = this.bySubject.get(subject) ?? [];
    if (list.some((v) => v.by === verdict.by)) return;
    list.push(verdict);
    this.bySubject.set(subject, list);
    this.events.emit('verdict', { subject, verdict });
  }
}
