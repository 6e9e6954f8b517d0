'use client';

import { useRouter } from 'next/navigation';
import { DatabaseLimits } from '@tandem/database';
import type { CsvImportResult } from '@tandem/protocol';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { FormError } from '@/components/ui/Field';
import { useToast } from '@/components/ui/Toast';
import { CsvFileStep, sampleOf, TYPE_CHOICES, typeChoice } from './CsvFileStep';
import { useCsvImport } from './useCsvImport';
import styles from './csv-import.module.css';

// "Import CSV": choose a file, check the plan the server guessed (a name, a type and "import" per
// column, with the first rows as a sample), then import it as a new database and open it.
export function CsvImportDialog({ workspaceId, parentId, onClose }: { workspaceId: string; parentId?: string; onClose: () => void }) {
  const router = useRouter();
  const toast = useToast();
  const imported = (result: CsvImportResult) => {
    onClose();
    const first = result.problems[0];
    toast(
      first
        ? `Imported ${result.rowCount} rows. ${result.problems.length} cell${result.problems.length === 1 ? '' : 's'} did not fit and were left empty (line ${first.line}, ${first.column}: ${first.message}).`
        : `Imported ${result.rowCount} rows.`,
      first ? 'error' : 'info',
    );
    router.push(`/w/${workspaceId}/p/${result.page.id}`);
  };
  const { step, choose, setTitle, setColumn, submit, restart } = useCsvImport(parentId ? { workspaceId, parentId } : { workspaceId }, imported);

  return (
    <Dialog open onClose={onClose} title="Import CSV">
      <div data-testid="csv-import-dialog">
        {step.kind === 'choose' ? (
          <CsvFileStep
            hint={
              <>
                The first row names the columns; each other row becomes a row of a new database. UTF-8, up to {DatabaseLimits.csvBytes / 1024 / 1024} MB,{' '}
                {DatabaseLimits.csvRows.toLocaleString('en')} rows and {DatabaseLimits.csvColumns} columns.
              </>
            }
            error={step.error}
            reading={step.reading}
            onChoose={(file) => void choose(file)}
          />
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <label className={styles.titleField}>
              <span className={styles.label}>Database name</span>
              <input className={styles.input} value={step.title} maxLength={DatabaseLimits.nameLength} onChange={(e) => setTitle(e.target.value)} data-testid="csv-title" />
            </label>
            <p className={styles.hint} data-testid="csv-summary">
              {step.file.name}: {step.preview.rowCount.toLocaleString('en')} row{step.preview.rowCount === 1 ? '' : 's'}, {step.columns.length} column{step.columns.length === 1 ? '' : 's'}.
            </p>
            <div className={styles.planScroll}>
              <table className={styles.plan} data-testid="csv-plan">
                <thead>
                  <tr>
                    <th scope="col">Import</th>
                    <th scope="col">Column</th>
                    <th scope="col">Type</th>
                    <th scope="col">Sample</th>
                  </tr>
                </thead>
                <tbody>
                  {step.columns.map((column, i) => (
                    <tr key={i} className={column.skip ? styles.skipped : undefined} data-testid="csv-column">
                      <td>
                        <input
                          type="checkbox"
                          checked={!column.skip}
                          disabled={column.type === 'title'}
                          title={column.type === 'title' ? 'The title column is always imported' : undefined}
                          aria-label={`Import column ${step.preview.columns[i]?.name ?? i + 1}`}
                          onChange={(e) => setColumn(i, { skip: !e.target.checked })}
                          data-testid="csv-column-import"
                        />
                      </td>
                      <td>
                        <input
                          className={styles.input}
                          value={column.name}
                          maxLength={DatabaseLimits.nameLength}
                          aria-label={`Name of column ${i + 1}`}
                          onChange={(e) => setColumn(i, { name: e.target.value })}
                          data-testid="csv-column-name"
                        />
                      </td>
                      <td>
                        <select
                          className={styles.select}
                          value={typeChoice(column)}
                          aria-label={`Type of column ${i + 1}`}
                          onChange={(e) => {
                            const t = TYPE_CHOICES.find((x) => x.value === e.target.value)!;
                            setColumn(i, { type: t.type, includeTime: t.includeTime ?? false });
                          }}
                          data-testid="csv-column-type"
                        >
                          {TYPE_CHOICES.map((t) => (
                            <option key={t.value} value={t.value}>
                              {t.label}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td className={styles.sample}>{sampleOf(step.preview.sample, i)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <FormError message={step.error} />
            <div className={styles.actions}>
              <Button onClick={restart} disabled={step.importing}>
                Another file
              </Button>
              <Button type="submit" variant="primary" disabled={step.importing} data-testid="csv-import">
                {step.importing ? 'Importing…' : `Import ${step.preview.rowCount.toLocaleString('en')} row${step.preview.rowCount === 1 ? '' : 's'}`}
              </Button>
            </div>
          </form>
        )}
      </div>
    </Dialog>
  );
}
