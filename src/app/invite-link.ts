// The link that opens a network on one of its views: what a class's and a lab's invitations share
// (as text to copy and as a QR code). Only the network and the view: nothing of this tab travels.
export function networkLink(base: URL, networkName: string, route: '#/class' | '#/lab'): string {
  const url = new URL(base.pathname, base.origin);
  url.searchParams.set('net', networkName);
  url.hash = route;
  return url.toString();
}
