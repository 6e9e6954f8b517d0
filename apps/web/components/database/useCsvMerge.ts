'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { MergeColumn } from '@tandem/database';
import type { CsvMergePreview, CsvMergeResult } from '@tandem/protocol';
import { errorMessage } from '@/lib/api/client';
import { mergeCsvInto, previewCsvMerge } from '@/lib/api/databases';

export type CsvMergeStep =
  | { kind: 'choose'; error: string | null; reading: boolean }
  | { kind: 'plan'; file: File; preview: CsvMergePreview; columns: MergeColumn[]; merging: boolean; error: string | null };

// The merge dialog's state: the file read by the server into a proposed mapping, the mapping as
// the person edits it (which property each column goes into, a new one, or none), then the merge.
// Only the server parses CSV, so a bad file's line comes from its answer.
export function useCsvMerge(databaseId: string, onMerged: (result: CsvMergeResult) => void) {
  const [step, setStep] = useState<CsvMergeStep>({ kind: 'choose', error: null, reading: false });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const run = useCallback(() => {
    abort.current?.abort();
    return (abort.current = new AbortController());
  }, []);

  const choose = useCallback(
    async (file: File) => {
      const controller = run();
      setStep({ kind: 'choose', error: null, reading: true });
      try {
        const preview = await previewCsvMerge(databaseId, file, controller.signal);
        setStep({ kind: 'plan', file, preview, columns: preview.columns.map((c) => c.column), merging: false, error: null });
      } catch (err) {
        if (!controller.signal.aborted) setStep({ kind: 'choose', error: errorMessage(err), reading: false });
      }
    },
    [databaseId, run],
  );

  // A property takes one column: choosing it for this column frees it from any other.
  const setColumn = useCallback((index: number, column: MergeColumn) => {
    setStep((s) => {
      if (s.kind !== 'plan' || s.merging) return s;
      const taken = (c: MergeColumn) => column.action === 'property' && c.action === 'property' && c.propertyId === column.propertyId;
      return { ...s, error: null, columns: s.columns.map((c, i) => (i === index ? column : taken(c) ? { action: 'skip' } : c)) };
    });
  }, []);

  const submit = useCallback(async () => {
    if (step.kind !== 'plan' || step.merging) return;
    const controller = run();
    setStep({ ...step, merging: true, error: null });
    try {
      onMerged(await mergeCsvInto(databaseId, step.file, { columns: step.columns }, controller.signal));
    } catch (err) {
      if (!controller.signal.aborted) setStep({ ...step, merging: false, error: errorMessage(err) });
    }
  }, [step, databaseId, onMerged, run]);

  const restart = useCallback(() => setStep({ kind: 'choose', error: null, reading: false }), []);

  return { step, choose, setColumn, submit, restart };
}
