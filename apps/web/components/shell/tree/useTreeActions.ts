'use client';

import { useRouter } from 'next/navigation';
import { useQueryClient } from '@tanstack/react-query';
import type { TreePage } from '@tandem/protocol';
import { errorMessage } from '@/lib/api';
import { prefetchIfDatabase } from '@/lib/api/databases';
import { PENDING_PREFIX, prefetchPage, useCreatePage, useMovePage, useTrashPage, useUpdatePage } from '@/lib/api/pages';
import { ancestorsOf, comparePositions, planMove, type DropPlacement } from '@/lib/page-tree';
import { useToast } from '@/components/ui/Toast';
import { useDuplicate } from '@/components/page/useDuplicate';
import type { ToggleExpanded } from './useExpanded';

export const pageHref = (workspaceId: string, pageId: string) => `/w/${workspaceId}/p/${pageId}`;

export const isPending = (page: TreePage) => page.id.startsWith(PENDING_PREFIX);

export type StepKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight';
export interface StepMove {
  label: string;
  run: () => void;
}

// What a tree row can do to its page — create a child, rename, change the icon, trash, move —
// each a mutation whose failure becomes a toast. Opening the new page or leaving a trashed one is
// part of the action, so the row only says which.
export function useTreeActions(workspaceId: string, pages: TreePage[], activePageId: string | null, toggle: ToggleExpanded) {
  const router = useRouter();
  const toast = useToast();
  const createPage = useCreatePage(workspaceId);
  const updatePage = useUpdatePage(workspaceId);
  const movePage = useMovePage(workspaceId);
  const trashPage = useTrashPage(workspaceId);
  const copies = useDuplicate(workspaceId);

  const qc = useQueryClient();

  // What the page's screen reads first starts with the click, not once the route's code is in.
  const open = (pageId: string) => {
    prefetchPage(qc, pageId);
    prefetchIfDatabase(qc, workspaceId, pageId);
    router.push(pageHref(workspaceId, pageId));
  };

  const addChild = (parentId: string) => {
    toggle(parentId, true);
    createPage.mutate(
      { parentId },
      {
        onSuccess: (page) => open(page.id),
        onError: (err) => toast(`Could not create the page: ${errorMessage(err)}`, 'error'),
      },
    );
  };

  const rename = (page: TreePage, title: string) => {
    if (title === page.title) return;
    updatePage.mutate({ pageId: page.id, title }, { onError: (err) => toast(`Could not rename: ${errorMessage(err)}`, 'error') });
  };

  const setIcon = (page: TreePage, icon: string | null) =>
    updatePage.mutate({ pageId: page.id, icon }, { onError: (err) => toast(`Could not change the icon: ${errorMessage(err)}`, 'error') });

  const trash = (page: TreePage) =>
    trashPage.mutate(page.id, {
      onSuccess: () => {
        toast(`“${page.title || 'Untitled'}” moved to the trash`);
        if (activePageId && (activePageId === page.id || ancestorsOf(pages, activePageId).some((a) => a.id === page.id))) {
          router.push(`/w/${workspaceId}`);
        }
      },
      onError: (err) => toast(`Could not move to the trash: ${errorMessage(err)}`, 'error'),
    });

  const move = (pageId: string, targetId: string, placement: DropPlacement) => {
    const plan = planMove(pages, pageId, targetId, placement);
    if (!plan) return;
    if (plan.parentId) toggle(plan.parentId, true);
    movePage.mutate(plan, { onError: (err) => toast(`Could not move the page: ${errorMessage(err)}`, 'error') });
  };

  // Moves by one step, for the keyboard (Alt+arrows) and the row menu (touch screens cannot drag):
  // the same drops drag and drop makes, relative to the page's neighbours.
  const stepMoves = (page: TreePage): Record<StepKey, StepMove | null> => {
    const siblings = pages.filter((p) => p.parentId === page.parentId).sort(comparePositions);
    const index = siblings.findIndex((s) => s.id === page.id);
    const above = siblings[index - 1];
    const below = siblings[index + 1];
    const parent = pages.find((p) => p.id === page.parentId);
    // Only moves the tree allows (planMove): rows stay put, and pages go into rows, not between them.
    const step = (label: string, targetId: string, placement: DropPlacement): StepMove | null =>
      planMove(pages, page.id, targetId, placement) ? { label, run: () => move(page.id, targetId, placement) } : null;
    return {
      ArrowUp: above ? step('Move up', above.id, 'before') : null,
      ArrowDown: below ? step('Move down', below.id, 'after') : null,
      ArrowRight: above ? step(`Move into “${above.title || 'Untitled'}”`, above.id, 'inside') : null,
      ArrowLeft: parent ? step('Move out one level', parent.id, 'after') : null,
    };
  };

  // From the sidebar, a page is copied with its sub-pages (as Notion's sidebar does).
  const duplicate = (page: TreePage) => copies.duplicate(page.id, true);

  return { open, addChild, rename, setIcon, trash, move, stepMoves, duplicate };
}

export type TreeActions = ReturnType<typeof useTreeActions>;
