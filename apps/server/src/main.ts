import { exitOnInvalidEnv } from './config/exit-on-invalid-env.js';

// Validate the environment before anything connects, so a bad variable is reported by name.
exitOnInvalidEnv();
// Tracing (when OTEL_EXPORTER_OTLP_ENDPOINT is set) hooks modules as they are first imported: before Nest.
await (await import('./tracing/tracing-sdk.js')).startTracing('tandem-server');

const { createApp } = await import('./app.factory.js');
const { AppConfig } = await import('./config/env.js');
const app = await createApp();
const { PORT } = app.get(AppConfig);
await app.listen(PORT, '0.0.0.0');
app.get((await import('./common/logging.js')).AppLogger).log(`Tandem server listening on http://localhost:${PORT}`);
