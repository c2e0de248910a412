// An error a person may read, thrown below the app layer: a stable code and structured params,
// so the app can say it in the reader's language (src/app/i18n/errors.ts maps every code to a
// catalogue message). `message` stays plain English, for logs, tests and a code the app lacks.
// Rule failures have their own typed error (verify-error.ts), with their own explanations.
// Reading path: beside it (src/core/READING.md).

/** A param: text shown as it is, a count, or a bigint amount in base units (the app writes it in coins). */
export type ErrorParam = string | number | bigint;
export type ErrorParams = Readonly<Record<string, ErrorParam>>;

export abstract class CodedError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly params: ErrorParams = {},
  ) {
    super(message);
  }
}
