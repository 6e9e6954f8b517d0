'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportType } from '@tandem/database';
import type { CsvImportPlan, CsvImportResult, CsvPreview } from '@tandem/protocol';
import { errorMessage } from '@/lib/api/client';
import { importCsv, previewCsv } from '@/lib/api/databases';

export interface PlannedColumn {
  name: string;
  type: ImportType;
  includeTime: boolean;
  skip: boolean;
}

export type CsvImportStep =
  | { kind: 'choose'; error: string | null; reading: boolean }
  | { kind: 'plan'; file: File; preview: CsvPreview; title: string; columns: PlannedColumn[]; importing: boolean; error: string | null };

// The import dialog's state: a file read by the server into a plan, the plan as the person edits it
// (names, types, skipped columns), then the import. Only the server parses CSV (the core's parser is
// Node-only), so a bad file's line comes from its answer.
export function useCsvImport(where: { workspaceId: string; parentId?: string }, onImported: (result: CsvImportResult) => void) {
  const [step, setStep] = useState<CsvImportStep>({ kind: 'choose', error: null, reading: false });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const choose = useCallback(
    async (file: File) => {
      abort.current?.abort();
      const controller = (abort.current = new AbortController());
      setStep({ kind: 'choose', error: null, reading: true });
      try {
        const preview = await previewCsv(where, file, controller.signal);
        const columns = preview.columns.map((c) => ({ name: c.name, type: c.type, includeTime: c.includeTime ?? false, skip: false }));
        setStep({ kind: 'plan', file, preview, title: file.name.replace(/\.(csv|txt)$/i, ''), columns, importing: false, error: null });
      } catch (err) {
        if (!controller.signal.aborted) setStep({ kind: 'choose', error: errorMessage(err), reading: false });
      }
    },
    [where],
  );

  const edit = useCallback((change: (s: Extract<CsvImportStep, { kind: 'plan' }>) => Partial<Extract<CsvImportStep, { kind: 'plan' }>>) => {
    setStep((s) => (s.kind === 'plan' && !s.importing ? { ...s, ...change(s), error: null } : s));
  }, []);

  const setColumn = useCallback(
    (index: number, patch: Partial<PlannedColumn>) =>
      edit((s) => ({
        columns: s.columns.map((c, i) => {
          if (i === index) return { ...c, ...patch, ...(patch.type === 'title' ? { skip: false } : {}) };
          // One title: choosing another demotes the old one to text.
          return patch.type === 'title' && c.type === 'title' ? { ...c, type: 'text' } : c;
        }),
      })),
    [edit],
  );

  const submit = useCallback(async () => {
    if (step.kind !== 'plan' || step.importing) return;
    const plan: CsvImportPlan = {
      title: step.title.trim(),
      columns: step.columns.map((c) => ({ name: c.name.trim(), type: c.type, ...(c.type === 'date' ? { includeTime: c.includeTime } : {}), ...(c.skip ? { skip: true } : {}) })),
    };
    abort.current?.abort();
    const controller = (abort.current = new AbortController());
    setStep({ ...step, importing: true, error: null });
    try {
      onImported(await importCsv(where, step.file, plan, controller.signal));
    } catch (err) {
      if (!controller.signal.aborted) setStep({ ...step, importing: false, error: errorMessage(err) });
    }
  }, [step, where, onImported]);

  const restart = useCallback(() => setStep({ kind: 'choose', error: null, reading: false }), []);

  return { step, choose, setTitle: (title: string) => edit(() => ({ title })), setColumn, submit, restart };
}
