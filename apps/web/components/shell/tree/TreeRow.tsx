'use client';

import { roleAtLeast, type TreePage } from '@tandem/protocol';
import type { TreeNode } from '@/lib/page-tree';
import { Menu, type MenuEntry } from '@/components/ui/Menu';
import { IconPicker } from '@/components/ui/IconPicker';
import { Icon, PageIcon } from '@/components/ui/Icon';
import { RenameInput } from './RenameInput';
import { isPending, type TreeActions } from './useTreeActions';
import type { TreeDrag } from './useTreeDrag';
import type { TreeKeyboard } from './useTreeKeyboard';
import styles from './tree.module.css';

export interface TreeRowProps {
  node: TreeNode<TreePage>;
  expanded: ReadonlySet<string>;
  toggle: (id: string, open?: boolean) => void;
  activePageId: string | null;
  renamingId: string | null;
  setRenamingId: (id: string | null) => void;
  actions: TreeActions;
  drag: TreeDrag;
  keyboard: TreeKeyboard;
}

// One page in the sidebar tree, with its children when open: chevron, icon, title (or the rename
// input), and for editors the row menu and "add inside" button.
export function TreeRow(props: TreeRowProps) {
  const { node, expanded, toggle, activePageId, renamingId, setRenamingId, actions, drag, keyboard } = props;
  const { page } = node;
  const pending = isPending(page);
  const open = expanded.has(page.id);
  const active = page.id === activePageId;
  const editable = roleAtLeast(page.role, 'editor') && !pending;
  // A database's row is here only to hold its sub-pages: it is renamed, moved and deleted in its
  // database (its title is a cell), so the tree only opens it and adds pages inside.
  const row = page.kind === 'row';
  const renaming = renamingId === page.id;
  const dropHere = drag.drop?.targetId === page.id ? drag.drop.placement : null;
  const tabIndex = page.id === keyboard.tabStop ? 0 : -1;
  const title = page.title || 'Untitled';
  const classes = [
    styles.row,
    active && styles.rowActive,
    pending && styles.rowPending,
    drag.dragId === page.id && styles.rowDragging,
    dropHere === 'inside' && styles.dropInside,
    dropHere === 'before' && styles.dropBefore,
    dropHere === 'after' && styles.dropAfter,
  ];

  const stepEntries: MenuEntry[] = Object.values(actions.stepMoves(page))
    .filter((m) => m !== null)
    .map((m) => ({ label: m.label, icon: <span style={{ display: 'inline-block', width: 16 }} />, onSelect: m.run }));
  const pageEntries: MenuEntry[] = [
    { label: 'Rename', icon: <Icon name="pencil" />, onSelect: () => setRenamingId(page.id), testId: 'row-rename' },
    { label: 'Duplicate', icon: <Icon name="copy" />, onSelect: () => actions.duplicate(page), testId: 'row-duplicate' },
    'separator',
    ...(stepEntries.length ? [...stepEntries, 'separator' as const] : []),
    { label: 'Move to trash', icon: <Icon name="trash" />, danger: true, onSelect: () => actions.trash(page), testId: 'row-trash' },
  ];

  return (
    <li role="none">
      <div
        ref={keyboard.registerRow(page.id)}
        role="treeitem"
        aria-level={node.depth + 1}
        aria-expanded={node.children.length ? open : undefined}
        aria-selected={active}
        aria-current={active ? 'page' : undefined}
        aria-label={page.template ? `${title} (template)` : title}
        tabIndex={tabIndex}
        data-testid="tree-row"
        data-page-id={page.id}
        className={classes.filter(Boolean).join(' ')}
        style={{ paddingLeft: 4 + node.depth * 16 }}
        draggable={editable && !renaming && !row}
        onFocus={(e) => {
          if (e.target === e.currentTarget) keyboard.setFocusedId(page.id);
        }}
        onClick={() => {
          if (!pending && !renaming) actions.open(page.id);
        }}
        onDoubleClick={() => editable && !row && setRenamingId(page.id)}
        onKeyDown={(e) => keyboard.onRowKey(e, node)}
        {...drag.rowHandlers(page.id)}
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
            onChange={(icon) => actions.setIcon(page, icon)}
            triggerClassName={styles.toggle}
            disabled={!editable}
            tabIndex={tabIndex}
          >
            <span className={styles.icon}>
              <PageIcon icon={page.icon} kind={page.kind} />
            </span>
          </IconPicker>
        </span>
        {renaming ? (
          <RenameInput
            initial={page.title}
            onDone={(next) => {
              setRenamingId(null);
              if (next !== null) actions.rename(page, next);
            }}
          />
        ) : (
          <span className={`${styles.title} ${page.title ? '' : styles.untitled}`}>{title}</span>
        )}
        {page.template && !renaming ? (
          <span className={styles.templateMark} title="Template" data-testid="tree-template-mark">
            <Icon name="template" size={12} />
          </span>
        ) : null}
        {editable ? (
          <span className={styles.actions} onClick={(e) => e.stopPropagation()}>
            <Menu
              label={`Actions for ${title}`}
              testId="row-menu"
              align="right"
              entries={[
                { label: 'Add a page inside', icon: <Icon name="plus" />, onSelect: () => actions.addChild(page.id) },
                ...(row ? [] : pageEntries),
              ]}
            >
              <Icon name="more" />
            </Menu>
            <button
              type="button"
              tabIndex={tabIndex}
              className={styles.toggle}
              aria-label={`Add a page inside ${title}`}
              title="Add a page inside"
              data-testid="row-add"
              onClick={() => actions.addChild(page.id)}
            >
              <Icon name="plus" />
            </button>
          </span>
        ) : null}
      </div>
      {open && node.children.length ? (
        <ul role="group" className={styles.group}>
          {node.children.map((child) => (
            <TreeRow key={child.page.id} {...props} node={child} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
