// The app's own updates and installation, as the UI shows them.
export class UpdateState {
  /** A new version is downloaded and waiting for the user. */
  updateReady = $state(false);
  updating = $state(false);
  /** The browser offered installation (beforeinstallprompt). */
  canInstall = $state(false);
  offline = $state(false);
  buildId = $state('');
  /** The release, from package.json at build time. */
  version = $state('');
}
