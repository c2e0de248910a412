// Hash routing: #/, #/mine, #/network, … The route is state; views read it.
export type View = 'overview' | 'mine' | 'network';

export class RouteState {
  view = $state<View>('overview');
  param = $state('');

  constructor(hash: string) {
    this.set(hash);
  }

  set(hash: string): void {
    const [, view = '', param = ''] = /^#\/([^/]*)\/?(.*)$/.exec(hash) ?? [];
    this.view = view === 'mine' || view === 'network' ? view : 'overview';
    this.param = decodeURIComponent(param);
  }
}
