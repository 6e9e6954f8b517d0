'use client';

import { useRef, type ReactNode } from 'react';
import type { ImportType } from '@tandem/database';
import { Button } from '@/components/ui/Button';
import { FormError } from '@/components/ui/Field';
import styles from './csv-import.module.css';

// The pieces the CSV dialogs share (a new database, a merge into one): choosing the file, the type
// choices of a column, and a column's sample.

// Types a column can take, with "Date & time" as its own choice (a date property that keeps times).
export const TYPE_CHOICES: { value: string; label: string; type: ImportType; includeTime?: boolean }[] = [
  { value: 'title', label: 'Title', type: 'title' },
  { value: 'text', label: 'Text', type: 'text' },
  { value: 'number', label: 'Number', type: 'number' },
  { value: 'date', label: 'Date', type: 'date', includeTime: false },
  { value: 'datetime', label: 'Date & time', type: 'date', includeTime: true },
  { value: 'checkbox', label: 'Checkbox', type: 'checkbox' },
  { value: 'select', label: 'Select', type: 'select' },
  { value: 'multi_select', label: 'Multi-select', type: 'multi_select' },
  { value: 'url', label: 'URL', type: 'url' },
  { value: 'email', label: 'Email', type: 'email' },
  { value: 'phone', label: 'Phone', type: 'phone' },
];
export const typeChoice = (c: { type: ImportType; includeTime?: boolean }) => (c.type === 'date' && c.includeTime ? 'datetime' : c.type);

// A column's first non-empty values, as one line.
export function sampleOf(sample: string[][], index: number): string {
  return sample
    .map((row) => (row[index] ?? '').trim())
    .filter((v) => v !== '')
    .slice(0, 3)
    .join(' · ');
}

// The first step: a hint, the last error (the server's, naming the bad line) and the file picker.
export function CsvFileStep({ hint, error, reading, onChoose }: { hint: ReactNode; error: string | null; reading: boolean; onChoose: (file: File) => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".csv,text/csv"
        hidden
        data-testid="csv-file-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onChoose(file);
        }}
      />
      <p className={styles.hint}>{hint}</p>
      <FormError message={error} />
      <Button variant="primary" disabled={reading} onClick={() => input.current?.click()} data-testid="csv-choose">
        {reading ? 'Reading the file…' : error ? 'Choose another file' : 'Choose a CSV file'}
      </Button>
    </>
  );
}
