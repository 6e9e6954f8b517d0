import request from 'supertest';
import { randomEmail, randomIp } from './support/accounts.js';
import { openApi } from './support/world.js';

// Defaults that used to hang on NODE_ENV=production, which the deploy steps never set (and which a
// laptop's `npm start` does set): they now follow where the app is served.
async function withEnv(env: Record<string, string | undefined>, run: (http: ReturnType<typeof request>) => Promise<void>): Promise<void> {
  const saved = { ...process.env };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const { app, http } = await openApi();
  try {
    await run(http);
  } finally {
    await app.close();
    process.env = saved;
  }
}

const signupCookie = async (http: ReturnType<typeof request>) =>
  String((await http.post('/auth/signup').set('X-Forwarded-For', randomIp()).send({ email: randomEmail('cookie'), name: 'C', password: 'a long password' }).expect(201)).headers['set-cookie']);

describe('deployment defaults', () => {
  it('sets the session cookie Secure wherever the app is not plain http on localhost, whatever NODE_ENV', async () => {
    await withEnv({ NODE_ENV: 'test', WEB_ORIGIN: 'https://tandem.example.com' }, async (http) => {
      expect(await signupCookie(http)).toMatch(/;\s*Secure/i);
    });
    await withEnv({ NODE_ENV: 'production', WEB_ORIGIN: 'http://localhost:3000' }, async (http) => {
      expect(await signupCookie(http)).not.toMatch(/Secure/i);
    });
  });

  it('turns Swagger off in production unless API_DOCS enables it (on for a laptop)', async () => {
    await withEnv({ NODE_ENV: 'production', WEB_ORIGIN: 'https://tandem.example.com', API_DOCS: undefined }, async (http) => {
      await http.get('/docs-json').expect(404);
      await http.get('/docs').expect(404);
    });
    await withEnv({ NODE_ENV: 'production', WEB_ORIGIN: 'https://tandem.example.com', API_DOCS: 'true' }, async (http) => {
      await http.get('/docs-json').expect(200);
    });
    await withEnv({ NODE_ENV: 'production', WEB_ORIGIN: 'http://localhost:3000', API_DOCS: undefined }, async (http) => {
      await http.get('/docs-json').expect(200);
    });
  });

});
