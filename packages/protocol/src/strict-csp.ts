import { z } from 'zod';

// Zod 4 compiles object validators with `new Function` when it may; it probes for that by calling
// Function(""), which a strict Content-Security-Policy (no 'unsafe-eval', as the web app sends)
// refuses and reports as a violation. In a browser, schemas therefore validate without generated
// code (the same results, a little slower), set when this package loads — before any schema of
// the app can run. Servers keep the compiled validators.
if (typeof (globalThis as { document?: unknown }).document !== 'undefined') z.config({ jitless: true });
