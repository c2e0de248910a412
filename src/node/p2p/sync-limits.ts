// The bounds of headers-first sync and block download (sync.ts): how much a peer may have in
// flight, announce, or send us in headers before it costs it.
export const MAX_IN_FLIGHT_PER_PEER = 16;
/** An announcer must deliver a requested block in this time, or it is asked of another announcer. */
export const BLOCK_TIMEOUT_MS = 10_000;
/** Announced blocks we lack, remembered with who announced them; one peer's share is capped so
 * that made-up hashes cannot push out real announcements. */
export const MAX_ANNOUNCED = 2_048;
/** Blocks remembered per table of peers that failed us for one (lacking it, or too slow). */
export const MAX_MARKED = 10_000;
export const MAX_ANNOUNCED_PER_PEER = 2 * MAX_IN_FLIGHT_PER_PEER;
export const DOWNLOAD_WINDOW = 1_024;
/**
 * Headers a peer may send us per session in short messages that lead to no more work than our tip.
 * Nothing of them is stored (only hashed and summed), so this bounds our CPU, not our memory.
 */
export const LOW_WORK_HEADER_BUDGET = 4_000;
/** Headers messages that do not connect, before each penalty (Bitcoin Core: MAX_NUM_UNCONNECTING_HEADERS_MSGS). */
export const MAX_UNCONNECTING_HEADERS = 10;
