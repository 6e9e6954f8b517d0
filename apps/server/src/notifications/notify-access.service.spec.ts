import type { AfterCommit } from '../events/after-commit.service.js';
import type { NewEventNotification, NotificationRepository } from './notification.repository.js';
import { NotifyAccessService } from './notify-access.service.js';

// Shares and invitations in the inbox, with the repositories faked: who is told, a repeat while
// unread adds nothing, and a failure never escapes (the share or invitation stands).
describe('NotifyAccessService', () => {
  function setUp(options: { verified?: Record<string, string>; unread?: string[]; fail?: boolean } = {}) {
    const created: NewEventNotification[] = [];
    const published: unknown[] = [];
    const notifications = {
      verifiedUserByEmail: async (email: string) => (options.verified?.[email] ? { id: options.verified[email] } : null),
      unreadAlready: async ({ userIds }: { userIds: string[] }) => new Set(userIds.filter((id) => options.unread?.includes(id))),
      createEvents: async (rows: NewEventNotification[]) => {
        if (options.fail) throw new Error('database away');
        created.push(...rows);
        return rows.map((r) => r.userId);
      },
    } as unknown as NotificationRepository;
    const after = { run: async (work: { publish: unknown[] }) => void published.push(...work.publish) } as unknown as AfterCommit;
    return { service: new NotifyAccessService(notifications, after), created, published };
  }

  it('a share tells the person live; sharing with oneself tells nobody', async () => {
    const { service, created, published } = setUp();
    await service.shared({ actorId: 'ada', pageId: 'p', userId: 'bob' });
    await service.shared({ actorId: 'ada', pageId: 'p', userId: 'ada' });
    expect(created).toEqual([{ kind: 'share', actorId: 'ada', userId: 'bob', pageId: 'p' }]);
    expect(published).toEqual([{ channel: 'user-inbox', payload: { userIds: ['bob'] } }]);
  });

  it('an invitation reaches only a verified account, and not twice while unread', async () => {
    const { service, created } = setUp({ verified: { 'bob@x.test': 'bob', 'cy@x.test': 'cy' }, unread: ['cy'] });
    await service.invited({ actorId: 'ada', invitationId: 'i1', email: 'bob@x.test' });
    await service.invited({ actorId: 'ada', invitationId: 'i2', email: 'nobody@x.test' });
    await service.invited({ actorId: 'ada', invitationId: 'i3', email: 'cy@x.test' });
    expect(created).toEqual([{ kind: 'invitation', actorId: 'ada', userId: 'bob', invitationId: 'i1' }]);
  });

  it('a failure is logged, never thrown', async () => {
    const { service, published } = setUp({ verified: { 'bob@x.test': 'bob' }, fail: true });
    await expect(service.shared({ actorId: 'ada', pageId: 'p', userId: 'bob' })).resolves.toBeUndefined();
    await expect(service.invited({ actorId: 'ada', invitationId: 'i', email: 'bob@x.test' })).resolves.toBeUndefined();
    expect(published).toEqual([]);
  });
});
