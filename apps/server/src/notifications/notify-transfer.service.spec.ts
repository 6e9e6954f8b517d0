import type { AfterCommit } from '../events/after-commit.service.js';
import type { MailService } from '../mail/mail.service.js';
import type { NotificationRepository } from './notification.repository.js';
import { NotifyTransferService, type FinishedExport } from './notify-transfer.service.js';

// An export's notice, with the repositories faked: the person is told once (the unique notice is
// the guard), mailed per their setting and only at a proved address, and a failure never escapes.
describe('NotifyTransferService', () => {
  const ready: FinishedExport = { id: 't1', userId: 'ada', workspaceId: 'w', outcome: 'ready', fileName: 'Notes.zip', error: null, expiresAt: new Date('2026-12-07T00:00:00Z') };

  function setUp(options: { user?: { emailNotifications: boolean; emailVerifiedAt: Date | null }; fail?: boolean } = {}) {
    const notices = new Map<string, string>();
    const published: unknown[] = [];
    const mails: Array<{ to: string; outcome: string; inboxPath: string }> = [];
    const notifications = {
      createTransferNotice: async ({ transferId, kind }: { transferId: string; kind: string }) => {
        if (options.fail) throw new Error('database away');
        if (notices.has(transferId)) return false;
        notices.set(transferId, kind);
        return true;
      },
      recipient: async (id: string) => ({ id, name: 'Ada', email: 'ada@x.test', ...(options.user ?? { emailNotifications: true, emailVerifiedAt: new Date() }) }),
    } as unknown as NotificationRepository;
    const after = { run: async (work: { publish: unknown[] }) => void published.push(...work.publish) } as unknown as AfterCommit;
    const mail = { exportFinished: (to: string, _name: string, e: { outcome: string; inboxPath: string }) => void mails.push({ to, outcome: e.outcome, inboxPath: e.inboxPath }) } as unknown as MailService;
    return { service: new NotifyTransferService(notifications, after, mail), notices, published, mails };
  }

  it('tells the person once, live and by mail with a link to the inbox, however often the end runs', async () => {
    const { service, notices, published, mails } = setUp();
    await service.exportFinished(ready);
    await service.exportFinished(ready);
    expect([...notices]).toEqual([['t1', 'export_ready']]);
    expect(published).toEqual([{ channel: 'user-inbox', payload: { userIds: ['ada'] } }]);
    expect(mails).toEqual([{ to: 'ada@x.test', outcome: 'ready', inboxPath: '/w/w/inbox' }]);
  });

  it('a failed export is an export_failed notice', async () => {
    const { service, notices } = setUp();
    await service.exportFinished({ ...ready, outcome: 'failed', fileName: null, error: 'The page was not found.' });
    expect([...notices]).toEqual([['t1', 'export_failed']]);
  });

  it('mails nobody who turned mails off or has not proved their address', async () => {
    for (const user of [{ emailNotifications: false, emailVerifiedAt: new Date() }, { emailNotifications: true, emailVerifiedAt: null }]) {
      const { service, notices, mails } = setUp({ user });
      await service.exportFinished(ready);
      expect(notices.size).toBe(1);
      expect(mails).toEqual([]);
    }
  });

  it('a failure is logged, never thrown', async () => {
    const { service, published, mails } = setUp({ fail: true });
    await expect(service.exportFinished(ready)).resolves.toBeUndefined();
    expect(published).toEqual([]);
    expect(mails).toEqual([]);
  });
});
