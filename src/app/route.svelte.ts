// Hash routing: #/, #/mine, #/network, … The route is state; views read it.
import { t } from './i18n/i18n';

export type View = 'overview' | 'wallet' | 'mine' | 'class' | 'explorer' | 'block' | 'tx' | 'address' | 'network' | 'node' | 'learn' | 'lab';
const VIEWS: readonly View[] = ['overview', 'wallet', 'mine', 'class', 'explorer', 'block', 'tx', 'address', 'network', 'node', 'learn', 'lab'];
/** Other names that lead to a view. */
const ALIASES: Record<string, View> = { settings: 'node', start: 'overview' };

/** What each view is called: the page title, and the first words a screen reader hears. */
export const viewTitle = (view: View): string => t(`title.${view}`);

export class RouteState {
  view = $state<View>('overview');
  param = $state('');

  constructor(hash: string) {
    this.set(hash);
  }

  set(hash: string): void {
    const [, view = '', param = ''] = /^#\/([^/]*)\/?(.*)$/.exec(hash) ?? [];
    const named = ALIASES[view] ?? view;
    this.view = (VIEWS as readonly string[]).includes(named) ? (named as View) : 'overview';
    try {
      this.param = decodeURIComponent(param);
    } catch {
      this.param = param;
    }
  }

  /** "Block 41 · Explorer · SimpleCoin" */
  get title(): string {
    const name = viewTitle(this.view);
    const detail = this.param && ['block', 'tx', 'address'].includes(this.view) ? `${name} ${this.param.slice(0, 16)}` : name;
    return `${detail} · SimpleCoin`;
  }
}
