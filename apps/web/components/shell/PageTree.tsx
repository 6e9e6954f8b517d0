'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { roleAtLeast, type PageView } from '@tandem/protocol';
import { errorMessage } from '@/lib/api';
import { ancestorsOf, buildTree, comparePositions, planMove, visibleRows, type DropPlacement, type TreeNode } from '@/lib/page-tree';
import { PENDING_PREFIX, useCreatePage, useMovePage, useTrashPage, useUpdatePage } from '@/lib/api/pages';
import { Menu, type MenuEntry } from '@/components/ui/Menu';
import { IconPicker } from '@/components/ui/IconPicker';
import { useToast } from '@/components/ui/Toast';
import styles from './tree.module.css';
import { Icon, PageIcon } from '@/components/ui/Icon';

const pageHref = (workspaceId: string, pageId: string) => `/w/${workspaceId}/p/${pageId}`;

// Which pages are open survives reloads, per workspace; the current page's ancestors always are.
function useExpanded(workspaceId: string, pages: PageView[], activePageId: string | null) {
  const storageKey = `tandem:expanded:${workspaceId}`;
  const [expanded, setExpanded] = useState<Set<string>>(() => {
    try {
      return new Set(JSON.parse(localStorage.getItem(storageKey) ?? '[]') as string[]);
    } catch {
      return new Set();
    }
  });
  useEffect(() => {
    localStorage.setItem(storageKey, JSON.stringify([...expanded]));
  }, [storageKey, expanded]);
  useEffect(() => {
    if (!activePageId) return;
    const missing = ancestorsOf(pages, activePageId).filter((a) => !expanded.has(a.id));
    if (missing.length) setExpanded((prev) => new Set([...prev, ...missing.map((a) => a.id)]));
  }, [activePageId, pages, expanded]);
  const toggle = (id: string, open?: boolean) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (open ?? !next.has(id)) next.add(id);
      else next.delete(id);
      return next;
    });
  return { expanded, toggle };
}

export function PageTree({ workspaceId, pages, activePageId }: { workspaceId: string; pages: PageView[]; activePageId: string | null }) {
  const router = useRouter();
  const toast = useToast();
  const tree = useMemo(() => buildTree(pages), [pages]);
  const { expanded, toggle } = useExpanded(workspaceId, pages, activePageId);
  const rows = useMemo(() => visibleRows(tree, expanded), [tree, expanded]);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [renamingId, setRenamingId] = useState<string | null>(null);
  const [dragId, setDragId] = useState<string | null>(null);
  const [drop, setDrop] = useState<{ targetId: string; placement: DropPlacement } | null>(null);
  const rowRefs = useRef(new Map<string, HTMLDivElement>());

  const createPage = useCreatePage(workspaceId);
  const updatePage = useUpdatePage(workspaceId);
  const movePage = useMovePage(workspaceId);
  const trashPage = useTrashPage(workspaceId);

  // One tab stop for the whole tree (roving tabindex): the focused row, else the open page.
  const tabStop = rows.find((r) => r.page.id === focusedId)?.page.id ?? rows.find((r) => r.page.id === activePageId)?.page.id ?? rows[0]?.page.id;

  const focusRow = (id: string | undefined) => {
    if (!id) return;
    setFocusedId(id);
    rowRefs.current.get(id)?.focus();
  };

  const addChild = (parentId: string) => {
    toggle(parentId, true);
    createPage.mutate(
      { parentId },
      {
        onSuccess: (page) => router.push(pageHref(workspaceId, page.id)),
        onError: (err) => toast(`Could not create the page: ${errorMessage(err)}`, 'error'),
      },
    );
  };

  const rename = (page: PageView, title: string) => {
    setRenamingId(null);
    if (title === page.title) return;
    updatePage.mutate({ pageId: page.id, title }, { onError: (err) => toast(`Could not rename: ${errorMessage(err)}`, 'error') });
  };

  const setIcon = (page: PageView, icon: string | null) =>
    updatePage.mutate({ pageId: page.id, icon }, { onError: (err) => toast(`Could not change the icon: ${errorMessage(err)}`, 'error') });

  const trash = (page: PageView) =>
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
  const stepMoves = (page: PageView) => {
    const siblings = pages.filter((p) => p.parentId === page.parentId).sort(comparePositions);
    const index = siblings.findIndex((s) => s.id === page.id);
    const above = siblings[index - 1];
    const below = siblings[index + 1];
    return {
      ArrowUp: above ? { label: 'Move up', run: () => move(page.id, above.id, 'before') } : null,
      ArrowDown: below ? { label: 'Move down', run: () => move(page.id, below.id, 'after') } : null,
      ArrowRight: above ? { label: `Move into “${above.title || 'Untitled'}”`, run: () => move(page.id, above.id, 'inside') } : null,
      ArrowLeft: page.parentId && pages.some((p) => p.id === page.parentId) ? { label: 'Move out one level', run: () => move(page.id, page.parentId!, 'after') } : null,
    };
  };

  const stepMenu = (page: PageView): MenuEntry[] => {
    const entries: MenuEntry[] = Object.values(stepMoves(page))
      .filter((m) => m !== null)
      .map((m) => ({ label: m.label, icon: <span style={{ display: 'inline-block', width: 16 }} />, onSelect: m.run }));
    return entries.length ? [...entries, 'separator'] : [];
  };

  const moveByKey = (node: TreeNode<PageView>, key: string) => stepMoves(node.page)[key as keyof ReturnType<typeof stepMoves>]?.run();

  const onRowKey = (e: KeyboardEvent<HTMLDivElement>, node: TreeNode<PageView>) => {
    if (e.target !== e.currentTarget) return;
    const index = rows.findIndex((r) => r.page.id === node.page.id);
    const open = expanded.has(node.page.id);
    const editable = roleAtLeast(node.page.role, 'editor');
    if (e.altKey && editable && ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(e.key)) moveByKey(node, e.key);
    else if (e.key === 'ArrowDown') focusRow(rows[index + 1]?.page.id);
    else if (e.key === 'ArrowUp') focusRow(rows[index - 1]?.page.id);
    else if (e.key === 'Home') focusRow(rows[0]?.page.id);
    else if (e.key === 'End') focusRow(rows.at(-1)?.page.id);
    else if (e.key === 'ArrowRight') {
      if (node.children.length && !open) toggle(node.page.id, true);
      else if (open) focusRow(node.children[0]?.page.id);
    } else if (e.key === 'ArrowLeft') {
      if (open) toggle(node.page.id, false);
      else focusRow(rows.find((r) => r.page.id === node.page.parentId)?.page.id);
    } else if (e.key === 'Enter') router.push(pageHref(workspaceId, node.page.id));
    else if (e.key === 'F2' && editable) setRenamingId(node.page.id);
    else if (e.key === 'Delete' && editable) trash(node.page);
    else return;
    e.preventDefault();
  };

  const onDragOver = (e: DragEvent<HTMLDivElement>, node: TreeNode<PageView>) => {
    if (!dragId) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const y = (e.clientY - rect.top) / rect.height;
    const placement: DropPlacement = y < 0.28 ? 'before' : y > 0.72 ? 'after' : 'inside';
    if (!planMove(pages, dragId, node.page.id, placement)) {
      setDrop(null);
      return;
    }
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    if (drop?.targetId !== node.page.id || drop.placement !== placement) setDrop({ targetId: node.page.id, placement });
  };

  const renderNode = (node: TreeNode<PageView>) => {
    const { page } = node;
    const pending = page.id.startsWith(PENDING_PREFIX);
    const open = expanded.has(page.id);
    const active = page.id === activePageId;
    const editable = roleAtLeast(page.role, 'editor') && !pending;
    const dropHere = drop?.targetId === page.id ? drop.placement : null;
    const classes = [
      styles.row,
      active && styles.rowActive,
      pending && styles.rowPending,
      dragId === page.id && styles.rowDragging,
      dropHere === 'inside' && styles.dropInside,
      dropHere === 'before' && styles.dropBefore,
      dropHere === 'after' && styles.dropAfter,
    ];
    return (
      <li key={page.id} role="none">
        <div
          ref={(el) => {
            if (el) rowRefs.current.set(page.id, el);
            else rowRefs.current.delete(page.id);
          }}
          role="treeitem"
          aria-level={node.depth + 1}
          aria-expanded={node.children.length ? open : undefined}
          aria-selected={active}
          aria-current={active ? 'page' : undefined}
          aria-label={page.title || 'Untitled'}
          tabIndex={page.id === tabStop ? 0 : -1}
          data-testid="tree-row"
          data-page-id={page.id}
          className={classes.filter(Boolean).join(' ')}
          style={{ paddingLeft: 4 + node.depth * 16 }}
          draggable={editable && renamingId !== page.id}
          onFocus={(e) => {
            if (e.target === e.currentTarget) setFocusedId(page.id);
          }}
          onClick={() => {
            if (!pending && renamingId !== page.id) router.push(pageHref(workspaceId, page.id));
          }}
          onDoubleClick={() => editable && setRenamingId(page.id)}
          onKeyDown={(e) => onRowKey(e, node)}
          onDragStart={(e) => {
            e.dataTransfer.setData('text/plain', page.id);
            e.dataTransfer.effectAllowed = 'move';
            setDragId(page.id);
          }}
          onDragEnd={() => {
            setDragId(null);
            setDrop(null);
          }}
          onDragOver={(e) => onDragOver(e, node)}
          onDragLeave={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null) && drop?.targetId === page.id) setDrop(null);
          }}
          onDrop={(e) => {
            e.preventDefault();
            if (dragId && drop) move(dragId, drop.targetId, drop.placement);
            setDragId(null);
            setDrop(null);
          }}
        >
          <button
            type="button"
            tabIndex={-1}
            className={`${styles.toggle} ${open ? styles.toggleOpen : ''}`}
            aria-label={open ? 'Collapse' : 'Expand'}
            style={{ visibility: node.children.length ? 'visible' : 'hidden' }}
            onClick={(e) => {
              e.stopPropagation();
              toggle(page.id);
            }}
          >
            <Icon name="chevronRight" size={14} />
          </button>
          <span onClick={(e) => e.stopPropagation()}>
            {/* Part of the row's single tab stop, like its other buttons. */}
            <IconPicker
              icon={page.icon}
              label="Change icon"
              onChange={(icon) => setIcon(page, icon)}
              triggerClassName={styles.toggle}
              disabled={!editable}
              tabIndex={page.id === tabStop ? 0 : -1}
            >
              <span className={styles.icon}>
                <PageIcon icon={page.icon} />
              </span>
            </IconPicker>
          </span>
          {renamingId === page.id ? (
            <RenameInput initial={page.title} onDone={(title) => (title === null ? setRenamingId(null) : rename(page, title))} />
          ) : (
            <span className={`${styles.title} ${page.title ? '' : styles.untitled}`}>{page.title || 'Untitled'}</span>
          )}
          {editable ? (
            <span className={styles.actions} onClick={(e) => e.stopPropagation()}>
              <Menu
                label={`Actions for ${page.title || 'Untitled'}`}
                testId="row-menu"
                align="right"
                entries={[
                  { label: 'Add a page inside', icon: <Icon name="plus" />, onSelect: () => addChild(page.id) },
                  { label: 'Rename', icon: <Icon name="pencil" />, onSelect: () => setRenamingId(page.id), testId: 'row-rename' },
                  'separator',
                  ...stepMenu(page),
                  { label: 'Move to trash', icon: <Icon name="trash" />, danger: true, onSelect: () => trash(page), testId: 'row-trash' },
                ]}
              >
                <Icon name="more" />
              </Menu>
              <button
                type="button"
                tabIndex={page.id === tabStop ? 0 : -1}
                className={styles.toggle}
                aria-label={`Add a page inside ${page.title || 'Untitled'}`}
                title="Add a page inside"
                data-testid="row-add"
                onClick={() => addChild(page.id)}
              >
                <Icon name="plus" />
              </button>
            </span>
          ) : null}
        </div>
        {open && node.children.length ? (
          <ul role="group" className={styles.group}>
            {node.children.map(renderNode)}
          </ul>
        ) : null}
      </li>
    );
  };

  return (
    <ul role="tree" aria-label="Pages" className={styles.tree} data-testid="page-tree">
      {tree.map(renderNode)}
    </ul>
  );
}

function RenameInput({ initial, onDone }: { initial: string; onDone: (title: string | null) => void }) {
  const [value, setValue] = useState(initial);
  const ref = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  const finish = (title: string | null) => {
    if (done.current) return;
    done.current = true;
    onDone(title);
  };
  return (
    <input
      ref={ref}
      className={styles.rename}
      aria-label="Page title"
      data-testid="rename-input"
      value={value}
      maxLength={500}
      onChange={(e) => setValue(e.target.value)}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') finish(value.trim());
        if (e.key === 'Escape') finish(null);
      }}
      onBlur={() => finish(value.trim())}
    />
  );
}
