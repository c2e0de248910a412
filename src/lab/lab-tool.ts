// Every attack-lab tool is a LabTool: it refuses to exist on any network but a lab network (main,
// regtest and ordinary classes included), so no code path can point an attack at them.
import { assertLabNetwork, type NetworkParams } from '../core/protocol/networks';

export abstract class LabTool {
  protected constructor(
    readonly params: NetworkParams,
    toolName: string,
  ) {
    assertLabNetwork(params, toolName);
  }
}
