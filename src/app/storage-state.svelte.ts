// What the UI shows about this tab's node slot and its storage. Written by the adapter (from node
// events), AppActions (a reset under way) and main.ts (another tab's database upgrade).
export class StorageState {
  slot = $state<number | null>(null);
  persisted = $state<boolean | null>(null);
  usage = $state<number | null>(null);
  quota = $state<number | null>(null);
  readOnly = $state(false);
  /** Something the user must know: a wiped database, a full disk, another tab upgrading. */
  message = $state('');
  resetting = $state(false);
}
