/** A malformed encoding: too short, trailing bytes, or a length or count over its bound. */
export class CodecError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CodecError';
  }
}
