// window.simplecoin as page.evaluate callbacks see it: the app's typed automation interface
// (src/app/automation.ts). Declared required because every helper first waits for it (openNode);
// a callback that reaches past it into something the node does not have fails `tsc`.
import type { SimpleCoinAutomation } from '../../src/app/automation';

declare global {
  interface Window {
    simplecoin: SimpleCoinAutomation;
  }
}
