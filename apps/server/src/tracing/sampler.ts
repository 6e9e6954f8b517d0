import type { Context } from '@opentelemetry/api';
import { AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace-node';

// Every keystroke is a `collab.update` span with its Redis calls and the persist job it queues:
// at a few thousand edits a second, tracing all of them costs more CPU than the rest of the
// tracing together and floods the backend with near-identical traces. So a new trace that starts
// at an update is kept with probability `updateRatio` (by trace id, so a trace is kept or dropped
// whole, the worker's persist span included: it is the update span's child); every other trace
// (joins, REST requests, persist batches) is kept. A span with a parent follows its parent's
// decision, as OpenTelemetry's default does.
export const UPDATE_SPAN = 'collab.update';

class UpdateRatioSampler implements Sampler {
  private readonly always = new AlwaysOnSampler();
  private readonly updates: TraceIdRatioBasedSampler;

  constructor(private readonly updateRatio: number) {
    this.updates = new TraceIdRatioBasedSampler(updateRatio);
  }

  shouldSample(context: Context, traceId: string, spanName: string): SamplingResult {
    return spanName === UPDATE_SPAN ? this.updates.shouldSample(context, traceId) : this.always.shouldSample();
  }

  toString(): string {
    return `UpdateRatioSampler{${this.updateRatio}}`;
  }
}

export function tandemSampler(updateRatio: number): Sampler {
  return new ParentBasedSampler({ root: new UpdateRatioSampler(updateRatio) });
}
