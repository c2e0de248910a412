// Limits on what a peer may send us. Everything a peer sends is bounded before we allocate for it.
// Reading path: stop 9, the p2p codec (src/core/READING.md).

/** The largest p2p message we accept, in bytes. A full block (see protocol/consensus) fits with room. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/**
 * The largest single data-channel send. Chromium closes an RTCDataChannel on a send above
 * 262,144 bytes (and PeerJS hides the error), so large messages are split well below that.
 */
export const MAX_CHUNK_BYTES = 64 * 1024;
