'use client';

import { useMemo } from 'react';
import { canMergeInto, checkMerge, DatabaseLimits, findPropertyByName, mergeCsv, type DatabaseSchema, type MergeColumn, type NewColumnType } from '@tandem/database';
import type { CsvMergePreview, CsvMergeResult } from '@tandem/protocol';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { FormError } from '@/components/ui/Field';
import { useToast } from '@/components/ui/Toast';
import { CsvFileStep, TYPE_CHOICES, typeChoice } from './CsvFileStep';
import { useCsvMerge } from './useCsvMerge';
import styles from './csv-import.module.css';

const NEW_TYPES = TYPE_CHOICES.filter((t) => t.type !== 'title');
const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

// "Merge with CSV" (Notion's name): the file's rows are added to this database. Each column goes
// into the property of the same name, or a new property when none has it (as Notion does), or is
// skipped; the person can change each. The first rows show as they will be stored, values that do
// not convert struck through. The rows then arrive live, through the database's document.
export function CsvMergeDialog({ databaseId, schema, onClose }: { databaseId: string; schema: DatabaseSchema; onClose: () => void }) {
  const toast = useToast();
  const merged = (result: CsvMergeResult) => {
    onClose();
    const first = result.problems[0];
    const added = result.addedProperties === 0 ? '' : result.addedProperties === 1 ? ' and a new property' : ` and ${result.addedProperties} new properties`;
    toast(
      first
        ? `Added ${plural(result.rowCount, 'row')}${added}. ${plural(result.problems.length, 'value')} did not convert (line ${first.line}, ${first.column}: ${first.message}).`
        : `Added ${plural(result.rowCount, 'row')}${added}.`,
      first ? 'error' : 'info',
    );
  };
  const { step, choose, setColumn, submit, restart } = useCsvMerge(databaseId, merged);

  return (
    <Dialog open onClose={onClose} title="Merge with CSV">
      <div data-testid="csv-merge-dialog">
        {step.kind === 'choose' ? (
          <CsvFileStep
            hint={
              <>
                Each row of the file is added to this database. A column goes into the property of the same name, or becomes a new property. UTF-8, up to{' '}
                {DatabaseLimits.csvBytes / 1024 / 1024} MB and {DatabaseLimits.csvRows.toLocaleString('en')} rows.
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
            <MergePlan file={step.file} preview={step.preview} columns={step.columns} schema={schema} onColumn={setColumn} />
            <FormError message={step.error} />
            <div className={styles.actions}>
              <Button onClick={restart} disabled={step.merging}>
                Another file
              </Button>
              <Button type="submit" variant="primary" disabled={step.merging || checkMerge(schema, step.preview.columns.length, step.columns) !== null} data-testid="csv-merge">
                {step.merging ? 'Merging…' : `Add ${plural(step.preview.rowCount, 'row')}`}
              </Button>
            </div>
          </form>
        )}
      </div>
    </Dialog>
  );
}

function MergePlan({
  file,
  preview,
  columns,
  schema,
  onColumn,
}: {
  file: File;
  preview: CsvMergePreview;
  columns: MergeColumn[];
  schema: DatabaseSchema;
  onColumn: (index: number, column: MergeColumn) => void;
}) {
  const header = useMemo(() => preview.columns.map((c) => c.name), [preview.columns]);
  // The sample as it will be stored, with the live schema: the core's own merge, run here on the
  // first rows (the server ran it on the whole file for the proposal).
  const local = useMemo(() => {
    const issue = checkMerge(schema, header.length, columns);
    if (issue) return { issue: issue.message, lost: new Map<string, string>(), counts: columns.map(() => 0) };
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const result = mergeCsv({ header, rows: preview.sample }, schema, columns, { timeZone, now: Date.now(), userId: null }, (i) => `new-${i}`);
    return { issue: null, lost: new Map(result.problems.map((p) => [`${p.line - 2}:${p.column}`, p.message])), counts: result.lost };
  }, [schema, header, columns, preview.sample]);
  const proposed = (i: number) => JSON.stringify(columns[i]) === JSON.stringify(preview.columns[i]?.column);
  const kept = columns.flatMap((c, i) => (c.action === 'skip' ? [] : [i]));
  const targetName = (i: number) => {
    const c = columns[i]!;
    return c.action === 'property' ? (schema.properties.find((p) => p.id === c.propertyId)?.name ?? header[i]) : header[i];
  };
  const wholeFileProblems = preview.problems.filter((p) => proposed(header.indexOf(p.column)));
  const counts = { into: columns.filter((c) => c.action === 'property').length, added: columns.filter((c) => c.action === 'new').length };

  return (
    <>
      <p className={styles.hint} data-testid="csv-summary">
        {file.name}: {plural(preview.rowCount, 'row')}. {plural(counts.into, 'column')} into existing properties, {counts.added} new, {columns.length - counts.into - counts.added} skipped.
      </p>
      <div className={styles.planScroll}>
        <table className={`${styles.plan} ${styles.mergePlan}`} data-testid="csv-merge-plan">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Goes into</th>
              <th scope="col">Type</th>
              <th scope="col">Won’t convert</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((column, i) => {
              const name = header[i]!;
              const taken = findPropertyByName(schema, name.trim());
              const lost = proposed(i) ? (preview.columns[i]?.lost ?? 0) : (local.counts[i] ?? 0);
              const lostText = column.action === 'skip' || lost === 0 ? '' : proposed(i) ? plural(lost, 'value') : `${plural(lost, 'value')} in the first rows`;
              return (
                <tr key={i} className={column.action === 'skip' ? styles.skipped : undefined} data-testid="csv-merge-column">
                  <td className={styles.columnName}>
                    {name}
                    {/* Phones have no room for the last column: the count goes under the name. */}
                    {lostText ? <span className={`${styles.lostCount} ${styles.lostInline}`}>{lostText}</span> : null}
                  </td>
                  <td>
                    <select
                      className={styles.select}
                      aria-label={`Where column ${name} goes`}
                      value={column.action === 'property' ? `property:${column.propertyId}` : column.action}
                      onChange={(e) => {
                        const v = e.target.value;
                        if (v === 'skip') onColumn(i, { action: 'skip' });
                        else if (v === 'new') onColumn(i, { action: 'new', name, type: 'text' });
                        else onColumn(i, { action: 'property', propertyId: v.slice('property:'.length) });
                      }}
                      data-testid="csv-merge-target"
                    >
                      {schema.properties.filter(canMergeInto).map((p) => (
                        <option key={p.id} value={`property:${p.id}`}>
                          {p.name}
                        </option>
                      ))}
                      <option value="new" disabled={taken !== undefined} title={taken ? `A property is already named ${taken.name}` : undefined}>
                        New property
                      </option>
                      <option value="skip">Skip</option>
                    </select>
                  </td>
                  <td>
                    {column.action === 'new' ? (
                      <select
                        className={styles.select}
                        aria-label={`Type of new property ${name}`}
                        value={typeChoice(column)}
                        onChange={(e) => {
                          const t = NEW_TYPES.find((x) => x.value === e.target.value)!;
                          onColumn(i, { action: 'new', name, type: t.type as NewColumnType, ...(t.type === 'date' ? { includeTime: t.includeTime ?? false } : {}) });
                        }}
                        data-testid="csv-merge-type"
                      >
                        {NEW_TYPES.map((t) => (
                          <option key={t.value} value={t.value}>
                            {t.label}
                          </option>
                        ))}
                      </select>
                    ) : column.action === 'property' ? (
                      <span className={styles.sample}>{schema.properties.find((p) => p.id === column.propertyId)?.type.replace('_', ' ')}</span>
                    ) : taken && !canMergeInto(taken) ? (
                      <span className={styles.sample} title={`${taken.name} is a ${taken.type.replace('_', ' ')} property: CSV text cannot fill it`}>
                        {taken.type.replace('_', ' ')}
                      </span>
                    ) : null}
                  </td>
                  <td className={styles.lostCount} data-testid="csv-merge-lost">
                    {lostText}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {local.issue ? <FormError message={local.issue} /> : null}
      {kept.length ? (
        <>
          <p className={styles.sectionTitle}>First rows, as they will be added</p>
          <div className={styles.previewScroll}>
            <table className={styles.previewTable} data-testid="csv-merge-preview">
              <thead>
                <tr>
                  {kept.map((i) => (
                    <th key={i} scope="col">
                      {targetName(i)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.sample.map((row, r) => (
                  <tr key={r}>
                    {kept.map((i) => {
                      const lost = local.lost.get(`${r}:${header[i]}`);
                      return (
                        <td key={i} className={lost ? styles.lost : undefined} title={lost ? `${lost}: stored empty or changed` : undefined} data-testid={lost ? 'csv-merge-lost-cell' : undefined}>
                          {row[i]}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {wholeFileProblems.length ? (
        <>
          <p className={styles.sectionTitle}>Values that won’t convert (stored empty or changed)</p>
          <ul className={styles.problems} data-testid="csv-merge-problems">
            {wholeFileProblems.slice(0, 20).map((p, k) => (
              <li key={k}>
                Line {p.line}, {p.column}: {p.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
