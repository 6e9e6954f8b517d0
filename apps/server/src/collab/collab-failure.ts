import type { CollabErrorCode } from '@tandem/protocol';

// A refusal of a socket event, with the code and message the client gets in its ack or error event
// (the gateway maps it; anything else thrown is logged as a server fault).
export class CollabFailure extends Error {
  constructor(
    readonly code: CollabErrorCode,
    message: string,
  ) {
    super(message);
  }
}
