'use client';

import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { PageView } from '@tandem/protocol';
import { errorMessage } from '@/lib/api';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { Field } from '@/components/ui/Field';
import { useCreateFromTemplate, useTemplateChoices, type TemplateChoice } from './useTemplates';
import styles from './templates.module.css';

// "New page from template": the built-ins and the workspace's templates, with a search. Picking one
// creates the page (under `parentId`, or at the top level) and hands it to `onCreated`; closing
// without a pick calls `onCancel`. Arrow keys move between choices; Enter in the search takes the
// first match.
export function TemplatePicker({
  workspaceId,
  parentId,
  open,
  onCreated,
  onCancel,
}: {
  workspaceId: string;
  parentId: string | null;
  open: boolean;
  onCreated: (page: PageView) => void;
  onCancel: () => void;
}) {
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | null>(null);
  const choices = useTemplateChoices(workspaceId, query);
  const { createFrom, pending } = useCreateFromTemplate(workspaceId);
  const listRef = useRef<HTMLDivElement>(null);
  const pickerRef = useRef<HTMLDivElement>(null);
  // showModal() focuses the dialog's first control (its close button) after React's autoFocus ran:
  // put the caret in the search once the dialog is open, so typing filters at once.
  useEffect(() => {
    if (open) pickerRef.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, [open]);
  const reset = () => {
    setQuery('');
    setError(null);
  };
  const pick = (choice: TemplateChoice) => {
    if (pending) return;
    setError(null);
    createFrom(choice.source, parentId).then(
      (page) => {
        reset();
        onCreated(page);
      },
      (err: unknown) => setError(`Could not create the page: ${errorMessage(err)}`),
    );
  };
  const cancel = () => {
    reset();
    onCancel();
  };
  const options = () => [...(listRef.current?.querySelectorAll<HTMLButtonElement>('[data-template-option]') ?? [])];
  const moveFocus = (event: KeyboardEvent, from: 'search' | 'list') => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const all = options();
    if (!all.length) return;
    event.preventDefault();
    const at = from === 'search' ? -1 : all.indexOf(document.activeElement as HTMLButtonElement);
    const next = event.key === 'ArrowDown' ? Math.min(at + 1, all.length - 1) : at - 1;
    if (next < 0) pickerRef.current?.querySelector<HTMLInputElement>('input')?.focus();
    else all[next]?.focus();
  };
  const first = choices.builtin[0] ?? choices.workspace[0];
  return (
    <Dialog open={open} onClose={cancel} title={parentId ? 'Sub-page from template' : 'New page from template'}>
      <div ref={pickerRef} className={styles.picker} data-testid="template-picker">
        <Field
          label="Find a template"
          value={query}
          autoFocus
          placeholder="Meeting notes, brief…"
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && first) {
              event.preventDefault();
              pick(first);
            } else moveFocus(event, 'search');
          }}
          data-testid="template-search"
        />
        <div ref={listRef} onKeyDown={(event) => moveFocus(event, 'list')}>
          <Group title="Built in" choices={choices.builtin} pending={pending} onPick={pick} empty="No built-in template matches." testId="template-builtins" />
          <Group
            title="In this workspace"
            choices={choices.workspace}
            pending={pending}
            onPick={pick}
            empty={choices.loading ? 'Loading templates…' : choices.workspaceCount ? 'No workspace template matches.' : 'None yet. Turn on “Use as template” in a page’s ⋯ menu to add one.'}
            testId="template-workspace"
          />
        </div>
        {error ? (
          <p role="alert" className={styles.empty}>
            {error}
          </p>
        ) : null}
        <div className={styles.actions}>
          {pending ? (
            <span className={styles.status} role="status">
              Creating the page…
            </span>
          ) : null}
          <Button onClick={cancel}>Cancel</Button>
        </div>
      </div>
    </Dialog>
  );
}

function Group({ title, choices, pending, onPick, empty, testId }: { title: string; choices: readonly TemplateChoice[]; pending: boolean; onPick: (choice: TemplateChoice) => void; empty: string; testId: string }) {
  return (
    <section aria-label={title}>
      <h3 className={styles.groupTitle}>{title}</h3>
      <ul className={styles.list} data-testid={testId}>
        {choices.map((choice) => (
          <li key={choice.id}>
            <button type="button" className={styles.option} disabled={pending} onClick={() => onPick(choice)} data-template-option={choice.id}>
              <span className={styles.optionIcon} aria-hidden>
                {choice.icon}
              </span>
              <span className={styles.optionText}>
                <span className={styles.optionTitle}>{choice.title}</span>
                <span className={styles.optionDescription}>{choice.description}</span>
              </span>
            </button>
          </li>
        ))}
        {choices.length === 0 ? <li className={styles.empty}>{empty}</li> : null}
      </ul>
    </section>
  );
}
