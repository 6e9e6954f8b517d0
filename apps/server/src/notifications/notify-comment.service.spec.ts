import type { AccessService } from '../access/access.service.js';
import type { AfterCommit } from '../events/after-commit.service.js';
import type { MentionMailQueueRepository } from './mention-mail-queue.repository.js';
import type { NewNotification, NotificationRepository } from './notification.repository.js';
import { NotifyCommentService, type PostedComment } from './notify-comment.service.js';

// Who a comment reaches, with the repositories faked: the reasons' order, the author left out,
// readers only, mails for new mentions only, and a failure that never escapes.
describe('NotifyCommentService', () => {
  const mention = (...ids: string[]) => ({ type: 'doc' as const, content: [{ type: 'paragraph' as const, content: ids.map((id) => ({ type: 'mention' as const, attrs: { id, label: id } })) }] });

  function setUp(options: { creator?: string | null; readers?: string[]; existing?: string[]; failCreate?: boolean } = {}) {
    const created: NewNotification[][] = [];
    const mailed: string[] = [];
    const published: unknown[] = [];
    const readers = new Set(options.readers ?? ['ada', 'bob', 'cleo', 'dan', 'eve']);
    const existing = new Set(options.existing ?? []);
    const notifications = {
      pageCreator: async () => (options.creator === undefined ? 'ada' : options.creator),
      create: async ({ recipients }: { recipients: NewNotification[] }) => {
        if (options.failCreate) throw new Error('database away');
        created.push(recipients);
        return recipients.filter((r) => !existing.has(r.userId)).map((r) => r.userId);
      },
    } as unknown as NotificationRepository;
    const access = { readersOf: async (userIds: string[]) => new Set(userIds.filter((id) => readers.has(id))) } as unknown as AccessService;
    const mail = { schedule: async (userId: string) => void mailed.push(userId) } as unknown as MentionMailQueueRepository;
    const after = { run: async (work: { publish: unknown[] }) => void published.push(...work.publish) } as unknown as AfterCommit;
    return { service: new NotifyCommentService(notifications, access, mail, after), created, mailed, published };
  }
  const comment = (over: Partial<PostedComment>): PostedComment => ({ actorId: 'bob', pageId: 'p', threadId: 't', commentId: 'c', body: mention(), participantIds: [], ...over });

  it('a mention beats a reply beats a comment on one\'s page; the author is never told', async () => {
    const { service, created, mailed, published } = setUp();
    await service.posted(comment({ body: mention('cleo', 'bob'), participantIds: ['ada', 'cleo', 'dan', 'bob'] }));
    expect(created).toEqual([[{ userId: 'cleo', kind: 'mention' }, { userId: 'ada', kind: 'reply' }, { userId: 'dan', kind: 'reply' }]]);
    expect(mailed).toEqual(['cleo']);
    expect(published).toEqual([{ channel: 'user-inbox', payload: { userIds: ['cleo', 'ada', 'dan'] } }]);
  });

  it('the page\'s creator hears of a new thread; people who cannot read the page hear nothing', async () => {
    const { service, created, mailed } = setUp({ readers: ['ada'] });
    await service.posted(comment({ body: mention('eve') }));
    expect(created).toEqual([[{ userId: 'ada', kind: 'comment' }]]);
    expect(mailed).toEqual([]);
  });

  it('an edit tells only people it mentions, and nobody already told about that comment', async () => {
    const { service, created, mailed, published } = setUp({ existing: ['cleo'] });
    await service.posted(comment({ body: mention('cleo', 'dan'), participantIds: ['ada'], edit: true }));
    expect(created).toEqual([[{ userId: 'cleo', kind: 'mention' }, { userId: 'dan', kind: 'mention' }]]);
    expect(mailed).toEqual(['dan']);
    expect(published).toEqual([{ channel: 'user-inbox', payload: { userIds: ['dan'] } }]);
  });

  it('nothing to tell: no message; a failure is logged, never thrown (the comment stands)', async () => {
    const quiet = setUp({ creator: 'bob' });
    await quiet.service.posted(comment({}));
    expect(quiet.published).toEqual([]);
    const failing = setUp({ failCreate: true });
    await expect(failing.service.posted(comment({ body: mention('cleo') }))).resolves.toBeUndefined();
    expect(failing.mailed).toEqual([]);
  });
});
