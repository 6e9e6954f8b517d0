// The signals that mean "stop": platforms send SIGTERM, a terminal SIGINT or SIGHUP. Nest's default
// list also includes SIGUSR2 and the fault signals, which a running process may get for other
// reasons (a memory probe, a profiler, nodemon) and which must not shut it down.
export const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'];
