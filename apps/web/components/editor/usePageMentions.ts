'use client';

import { useCallback, useMemo, useRef, useState } from 'react';
import type { MentionItem, MentionPerson, MentionSuggestionsOptions } from '@tandem/editor';
import type { PageAccessRole } from '@tandem/protocol';
import { errorMessage } from '@/lib/api';
import { notifyPageMentions } from '@/lib/api/notifications';
import { usePageTree } from '@/lib/api/pages';
import { useMembers } from '@/lib/api/workspaces';
import { useToast } from '@/components/ui/Toast';

type PageItem = Extract<MentionItem, { kind: 'page' }>;

/** Someone just mentioned who cannot read the page (to offer sharing it with them). */
export interface ShareOffer {
  id: string;
  name: string;
  email: string;
}

export interface PageMentions {
  // For MentionSuggestions: read on every keystroke, so the lists are kept in refs.
  suggestions: Pick<MentionSuggestionsOptions, 'people' | 'pages' | 'onPersonMentioned'>;
  offer: ShareOffer | null;
  dismissOffer: () => void;
}

// Who and what the page's "@" and "[[" offer (the workspace's members, guests included, and the
// reader's pages), and what happens when a person is mentioned: the server is told (it notifies
// them if they can read the page); for someone who cannot, a person allowed to share (full access)
// is offered to share the page with them, anyone else is told who could.
export function usePageMentions(pageId: string, workspaceId: string | undefined, role: PageAccessRole, enabled: boolean): PageMentions {
  const toast = useToast();
  const members = useMembers(workspaceId ?? '', enabled && workspaceId !== undefined);
  const tree = usePageTree(workspaceId ?? '');
  const [offer, setOffer] = useState<ShareOffer | null>(null);

  const people = useRef<MentionPerson[]>([]);
  people.current = useMemo(() => (members.data?.members ?? []).map((m) => ({ id: m.userId, name: m.name })), [members.data]);
  const emails = useMemo(() => new Map((members.data?.members ?? []).map((m) => [m.userId, m.email])), [members.data]);
  const emailOf = useRef(emails);
  emailOf.current = emails;
  const pages = useRef<PageItem[]>([]);
  pages.current = useMemo(
    () =>
      workspaceId
        ? (tree.data?.pages ?? []).filter((p) => p.id !== pageId).map((p) => ({ kind: 'page' as const, id: p.id, name: p.title, workspaceId, icon: p.icon }))
        : [],
    [tree.data, pageId, workspaceId],
  );
  const mayShare = useRef(role === 'full_access');
  mayShare.current = role === 'full_access';

  const onPersonMentioned = useCallback(
    (person: MentionPerson) => {
      notifyPageMentions(pageId, [person.id]).then(
        (answer) => {
          if (!answer.withoutAccess.includes(person.id)) return;
          const email = emailOf.current.get(person.id);
          if (mayShare.current && email) setOffer({ id: person.id, name: person.name, email });
          else toast(`${person.name} cannot see this page. Ask its owner or an admin to share it with them.`);
        },
        (err: unknown) => toast(`${person.name} was not notified: ${errorMessage(err)}`, 'error'),
      );
    },
    [pageId, toast],
  );

  const suggestions = useMemo(() => ({ people: () => people.current, pages: () => pages.current, onPersonMentioned }), [onPersonMentioned]);
  const dismissOffer = useCallback(() => setOffer(null), []);
  return { suggestions, offer, dismissOffer };
}
