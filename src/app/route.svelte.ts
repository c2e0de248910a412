// Hash routing: #/, #/mine, #/network, … The route is state; views read it.
export type View = 'overview' | 'wallet' | 'mine' | 'explorer' | 'block' | 'tx' | 'address' | 'network' | 'learn';
const VIEWS: readonly View[] = ['overview', 'wallet', 'mine', 'explorer', 'block', 'tx', 'address', 'network', 'learn'];

export class RouteState {
  view = $state<View>('overview');
  param = $state('');

  constructor(hash: string) {
    this.set(hash);
  }

  set(hash: string): void {
    const [, view = '', param = ''] = /^#\/([^/]*)\/?(.*)$/.exec(hash) ?? [];
    this.view = (VIEWS as readonly string[]).includes(view) ? (view as View) : 'overview';
    this.param = decodeURIComponent(param);
  }
}
