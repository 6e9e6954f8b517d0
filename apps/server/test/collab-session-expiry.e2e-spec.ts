import { CollabErrorCode } from '@tandem/protocol';
import { waitUntil } from '@tandem/testkit';
import {
  addMember,
  addPage,
  api,
  type Client,
  collabEnv,
  CollabWorld,
  converged,
  persistedText,
  savedAll,
  signUp,
  synced,
  type TestUser,
} from './support/collab/fixtures.js';

// Access follows the session (issue 11, item 8): a socket stops editing when the session it was
// opened from expires or is revoked, even when no pub/sub message says so (an expiry publishes
// nothing; a message can be lost while Redis restarts). Sessions are changed in the database
// directly here, exactly as expiry and a lost message look to the server.
describe('collaboration: an open socket follows its session', () => {
  let world: CollabWorld;

  beforeAll(async () => {
    world = await CollabWorld.open(collabEnv({ COLLAB_ACCESS_RECHECK_MS: '500' }));
  });

  afterAll(() => world?.close());

  async function pair(): Promise<{ pageId: string; writer: TestUser; owner: Client; member: Client; told: string[] }> {
    const { prisma, workspaceId } = world;
    const pageId = await addPage(prisma, workspaceId);
    const writer = await signUp(world.serverUrl(), 'Writer');
    await addMember(prisma, workspaceId, writer, 'member');
    const owner = await world.client(pageId);
    const member = await world.client(pageId, { user: writer });
    await synced(owner, member);
    member.insert(0, 'before ');
    await converged([owner, member]);
    await savedAll(member);
    // What the connection itself is told (errors without a page).
    const told: string[] = [];
    member.connection.on('error', (e) => told.push(e.code));
    return { pageId, writer, owner, member, told };
  }

  async function expectCutOff({ pageId, owner, member, told }: Awaited<ReturnType<typeof pair>>): Promise<void> {
    await waitUntil('the socket loses the page', async () => member.provider.role === null && !member.connection.connected, 10_000);
    expect(told).toContain(CollabErrorCode.Unauthenticated);
    member.insert(0, 'AFTER ');
    owner.insert(owner.text().length, 'still here');
    await savedAll(owner);
    expect(owner.text()).toBe('before still here');
    expect(await persistedText(world.prisma, pageId)).toBe('before still here');
  }

  it('an expired session stops editing within the re-check interval', async () => {
    const p = await pair();
    await world.prisma.session.updateMany({ where: { user: { email: p.writer.email } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectCutOff(p);
  });

  it('a session revoked without a pub/sub message (lost) stops editing too', async () => {
    const p = await pair();
    await world.prisma.session.updateMany({ where: { user: { email: p.writer.email } }, data: { revokedAt: new Date() } });
    await expectCutOff(p);
  });

  it('logging out ends the sockets opened from that session', async () => {
    const p = await pair();
    expect((await api(world.serverUrl(), p.writer, 'POST', '/auth/logout')).status).toBe(204);
    await expectCutOff(p);
  });
});
