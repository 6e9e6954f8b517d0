// The load generator's own event-loop delay. It holds hundreds of Y.Docs, so its GC pauses and
// busy periods show up as latency that is not the server's: every result row reports it beside
// the server's figures, so a tail caused by the generator is visible as such.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface LoopLag {
  p99: number;
  max: number;
}

export class LoopLagMeter {
  private histogram?: IntervalHistogram;

  start(): void {
    this.histogram = monitorEventLoopDelay({ resolution: 5 });
    this.histogram.enable();
  }

  stop(): LoopLag {
    const h = this.histogram;
    if (!h) return { p99: Number.NaN, max: Number.NaN };
    h.disable();
    this.histogram = undefined;
    // The histogram counts in nanoseconds and includes the sampling resolution itself.
    return { p99: Math.max(0, h.percentile(99) / 1e6 - 5), max: Math.max(0, h.max / 1e6 - 5) };
  }
}
