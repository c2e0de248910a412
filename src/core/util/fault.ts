// A bug that surfaces where it cannot propagate (an event listener, a peer's message handler)
// must not vanish: the code there recovers (the emitter calls the other listeners, the peer loses
// its link) and rethrows the error outside the current call, where the page's error handler, the
// console and the test runner see it. Vitest fails a run with an unhandled error, so a failing
// chain or mempool handler fails the tests that reach it.
// Reading path: beside it, support for every stop (src/core/READING.md).
export function raiseUncaught(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
