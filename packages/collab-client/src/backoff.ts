// The one retry policy of this package, for the connection's reconnects after a refused handshake
// and the providers' re-handshakes after a refusal that may pass: wait, doubling up to a ceiling,
// back to the first delay after a success. At most one retry is scheduled at a time.
export const FIRST_RETRY_MS = 1000;
export const MAX_RETRY_MS = 15_000;

export class Backoff {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private delay: number;

  constructor(
    private readonly first = FIRST_RETRY_MS,
    private readonly max = MAX_RETRY_MS,
  ) {
    this.delay = first;
  }

  // Runs `retry` after the current delay, unless a retry is already waiting (false then).
  schedule(retry: () => void): boolean {
    if (this.timer) return false;
    const delay = this.delay;
    this.delay = Math.min(this.delay * 2, this.max);
    this.timer = setTimeout(() => {
      this.timer = null;
      retry();
    }, delay);
    return true;
  }

  get waiting(): boolean {
    return this.timer !== null;
  }

  // After a success: the next failure waits the first delay again.
  reset(): void {
    this.delay = this.first;
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
