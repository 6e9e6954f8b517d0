// The bench as a library: the CLI's entry point and the pieces a workload is built from.
export { runBench } from './cli.js';
export type { Results } from './report.js';
export type { BenchClient, Persistence, Target } from './targets/target.js';
