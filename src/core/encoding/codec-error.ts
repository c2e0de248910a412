// The one error a decoder throws: any malformed bytes, from a peer or the disk, end up here.
// Reading path: stop 1, bytes and hashes (src/core/READING.md).
/** A malformed encoding: too short, trailing bytes, or a length or count over its bound. */
export class CodecError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CodecError';
  }
}
