'use client';

import { useMemo } from 'react';
import { BUILTIN_TEMPLATES } from '@tandem/editor';
import type { PageTemplateSource, PageView, TreePage } from '@tandem/protocol';
import { useCreatePage, usePageTree } from '@/lib/api/pages';

// One entry of the template picker: a built-in (content defined in @tandem/editor) or a page of the
// workspace marked "Use as template".
export interface TemplateChoice {
  id: string;
  title: string;
  icon: string;
  description: string;
  source: PageTemplateSource;
}

const BUILTIN_CHOICES: readonly TemplateChoice[] = BUILTIN_TEMPLATES.map((t) => ({
  id: `builtin:${t.key}`,
  title: t.title,
  icon: t.icon,
  description: t.description,
  source: { kind: 'builtin', key: t.key },
}));

function pageChoice(page: TreePage, pages: ReadonlyMap<string, TreePage>): TemplateChoice {
  const parent = page.parentId ? pages.get(page.parentId) : undefined;
  return {
    id: page.id,
    title: page.title || 'Untitled',
    icon: page.icon ?? '📄',
    description: parent ? `In ${parent.title || 'Untitled'}` : 'Workspace template',
    source: { kind: 'page', pageId: page.id },
  };
}

const matches = (choice: TemplateChoice, q: string) => !q || `${choice.title} ${choice.description}`.toLowerCase().includes(q);

// The picker's choices for a search: the built-ins, and the workspace's templates the caller can
// read (the tree already holds them with their `template` flag, so no request of its own).
export function useTemplateChoices(workspaceId: string, query: string) {
  const tree = usePageTree(workspaceId);
  return useMemo(() => {
    const q = query.trim().toLowerCase();
    const pages = tree.data?.pages ?? [];
    const byId = new Map(pages.map((p) => [p.id, p]));
    const workspace = pages
      .filter((p) => p.template && !p.id.startsWith('pending-'))
      .map((p) => pageChoice(p, byId))
      .sort((a, b) => a.title.localeCompare(b.title));
    return {
      builtin: BUILTIN_CHOICES.filter((c) => matches(c, q)),
      workspace: workspace.filter((c) => matches(c, q)),
      workspaceCount: workspace.length,
      loading: tree.isPending,
    };
  }, [tree.data, tree.isPending, query]);
}

// Creates a page from a template where asked (null: the workspace's top level), resolving with it.
export function useCreateFromTemplate(workspaceId: string) {
  const create = useCreatePage(workspaceId);
  return {
    createFrom: (source: PageTemplateSource, parentId: string | null): Promise<PageView> => create.mutateAsync({ parentId, template: source }),
    pending: create.isPending,
  };
}
