import { randomIp } from './support/accounts.js';
import { apiSuite } from './support/world.js';

// The colour theme belongs to the account (issue 18): chosen once, every browser that signs in
// gets it from /auth/me or the login answer.
describe('account theme', () => {
  const api = apiSuite('theme-owner');

  it('starts at system, is saved with PATCH /auth/me and comes back at the next sign-in', async () => {
    const me = await api.http.get('/auth/me').set('Authorization', api.owner.bearer).expect(200);
    expect(me.body.user.theme).toBe('system');
    const saved = await api.http.patch('/auth/me').set('Authorization', api.owner.bearer).send({ theme: 'dark' }).expect(200);
    expect(saved.body.user).toMatchObject({ theme: 'dark', name: 'theme-owner' });
    // Another browser: a fresh sign-in.
    const login = await api.http.post('/auth/login').set('X-Forwarded-For', randomIp()).send({ email: api.owner.email, password: api.owner.password }).expect(200);
    expect(login.body.user.theme).toBe('dark');
    const again = await api.http.get('/auth/me').set('Authorization', `Bearer ${login.body.token}`).expect(200);
    expect(again.body.user.theme).toBe('dark');
    // The name alone leaves the theme as it is.
    expect((await api.http.patch('/auth/me').set('Authorization', api.owner.bearer).send({ name: 'Renamed' }).expect(200)).body.user).toMatchObject({ name: 'Renamed', theme: 'dark' });
  });

  it('refuses other values with 400 on the field, changing nothing', async () => {
    for (const [body, field] of [
      [{ theme: 'sepia' }, 'body.theme'],
      [{ theme: null }, 'body.theme'],
      [{}, 'body.name'],
    ] as const) {
      const res = await api.http.patch('/auth/me').set('Authorization', api.owner.bearer).send(body).expect(400);
      expect(Object.keys(res.body.error.fields)).toEqual([field]);
    }
    expect((await api.prisma.user.findUniqueOrThrow({ where: { id: api.owner.id } })).theme).toBe('dark'); // as the first test left it
  });
});
