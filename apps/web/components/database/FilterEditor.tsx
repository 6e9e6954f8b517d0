'use client';

import {
  type Condition,
  type ConditionGroup,
  type DatabaseSchema,
  dayOf,
  type Filter,
  findProperty,
  isGroup,
  ME,
  operatorsFor,
  type Property,
  PropertyType,
  RELATIVE_DAYS,
  STATUS_GROUPS,
} from '@tandem/database';
import { conditionWithOperator, defaultCondition, OPERATOR_LABELS } from '@/lib/database/model';
import { Icon } from '@/components/ui/Icon';
import { useDatabase } from './DatabaseContext';
import styles from './database.module.css';

const today = () => dayOf(Date.now(), Intl.DateTimeFormat().resolvedOptions().timeZone);

// The view's filter: conditions joined by AND or OR, and groups of conditions (one level), each
// with the operators its property's type has. Every change is saved to the view (shared).
export function FilterEditor({ filter, schema, onChange }: { filter: Filter | null; schema: DatabaseSchema; onChange: (filter: Filter | null) => void }) {
  const { editable } = useDatabase();
  const current: Filter = filter ?? { combinator: 'and', conditions: [] };
  const first = schema.properties[0]!;
  const set = (conditions: Filter['conditions'], combinator = current.combinator) => onChange(conditions.length ? { combinator, conditions } : null);
  return (
    <div className={styles.popover} data-testid="filter-editor">
      {current.conditions.length === 0 ? <p className={styles.popoverHint}>No filters: every row shows.</p> : null}
      {current.conditions.map((item, i) => (
        <div key={i} className={styles.filterLine}>
          <Joiner index={i} combinator={current.combinator} disabled={!editable} onChange={(c) => set(current.conditions, c)} />
          {isGroup(item) ? (
            <GroupEditor
              group={item}
              schema={schema}
              onChange={(g) => set(current.conditions.map((c, j) => (j === i ? g : c)))}
              onRemove={() => set(current.conditions.filter((_, j) => j !== i))}
            />
          ) : (
            <ConditionEditor
              condition={item}
              schema={schema}
              onChange={(c) => set(current.conditions.map((x, j) => (j === i ? c : x)))}
              onRemove={() => set(current.conditions.filter((_, j) => j !== i))}
            />
          )}
        </div>
      ))}
      {editable ? (
        <div className={styles.popoverActions}>
          <button type="button" className={styles.linkButton} onClick={() => set([...current.conditions, defaultCondition(first, today())])} data-testid="add-filter">
            <Icon name="plus" size={12} /> Add filter
          </button>
          <button
            type="button"
            className={styles.linkButton}
            onClick={() => set([...current.conditions, { combinator: current.combinator === 'and' ? 'or' : 'and', conditions: [defaultCondition(first, today())] }])}
            data-testid="add-filter-group"
          >
            <Icon name="plus" size={12} /> Add filter group
          </button>
        </div>
      ) : null}
    </div>
  );
}

function Joiner({ index, combinator, disabled, onChange }: { index: number; combinator: 'and' | 'or'; disabled: boolean; onChange: (c: 'and' | 'or') => void }) {
  if (index === 0) return <span className={styles.joiner}>Where</span>;
  if (index > 1) return <span className={styles.joiner}>{combinator === 'and' ? 'And' : 'Or'}</span>;
  return (
    <select className={`${styles.popoverSelect} ${styles.joiner}`} value={combinator} disabled={disabled} onChange={(e) => onChange(e.target.value as 'and' | 'or')} aria-label="Combine filters with" data-testid="filter-combinator">
      <option value="and">And</option>
      <option value="or">Or</option>
    </select>
  );
}

function GroupEditor({ group, schema, onChange, onRemove }: { group: ConditionGroup; schema: DatabaseSchema; onChange: (g: ConditionGroup) => void; onRemove: () => void }) {
  const { editable } = useDatabase();
  const first = schema.properties[0]!;
  return (
    <div className={styles.filterGroup} data-testid="filter-group">
      {group.conditions.map((c, i) => (
        <div key={i} className={styles.filterLine}>
          <Joiner index={i} combinator={group.combinator} disabled={!editable} onChange={(combinator) => onChange({ ...group, combinator })} />
          <ConditionEditor
            condition={c}
            schema={schema}
            onChange={(next) => onChange({ ...group, conditions: group.conditions.map((x, j) => (j === i ? next : x)) })}
            onRemove={() => onChange({ ...group, conditions: group.conditions.filter((_, j) => j !== i) })}
          />
        </div>
      ))}
      {editable ? (
        <div className={styles.popoverActions}>
          <button type="button" className={styles.linkButton} onClick={() => onChange({ ...group, conditions: [...group.conditions, defaultCondition(first, today())] })}>
            <Icon name="plus" size={12} /> Add filter
          </button>
          <button type="button" className={styles.linkButton} onClick={onRemove}>
            Remove group
          </button>
        </div>
      ) : null}
    </div>
  );
}

function ConditionEditor({ condition, schema, onChange, onRemove }: { condition: Condition; schema: DatabaseSchema; onChange: (c: Condition) => void; onRemove: () => void }) {
  const { editable } = useDatabase();
  const property = findProperty(schema, condition.property);
  if (!property) return null;
  return (
    <div className={styles.condition} data-testid="filter-condition">
      <select
        className={styles.popoverSelect}
        aria-label="Property"
        value={property.id}
        disabled={!editable}
        onChange={(e) => onChange(defaultCondition(findProperty(schema, e.target.value)!, today()))}
        data-testid="filter-property"
      >
        {schema.properties.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <select
        className={styles.popoverSelect}
        aria-label="Operator"
        value={condition.operator}
        disabled={!editable}
        onChange={(e) => onChange(keepValue(condition, conditionWithOperator(property, e.target.value as Condition['operator'], today())))}
        data-testid="filter-operator"
      >
        {operatorsFor(property.type).map((op) => (
          <option key={op} value={op}>
            {OPERATOR_LABELS[op]}
          </option>
        ))}
      </select>
      <ValueInput condition={condition} property={property} disabled={!editable} onChange={onChange} />
      {editable ? (
        <button type="button" className={styles.iconButton} aria-label="Remove filter" onClick={onRemove} data-testid="remove-filter">
          <Icon name="close" size={12} />
        </button>
      ) : null}
    </div>
  );
}

// Switching between operators of the same value shape keeps what was typed or picked.
function keepValue(previous: Condition, next: Condition): Condition {
  if ('value' in previous && 'value' in next && typeof previous.value === typeof next.value && Array.isArray(previous.value) === Array.isArray(next.value)) {
    return { ...next, value: previous.value } as Condition;
  }
  return next;
}

function ValueInput({ condition, property, disabled, onChange }: { condition: Condition; property: Property; disabled: boolean; onChange: (c: Condition) => void }) {
  const { people } = useDatabase();
  const c = condition;
  switch (c.operator) {
    case 'equals':
    case 'not_equals':
    case 'contains':
    case 'not_contains':
    case 'starts_with':
    case 'ends_with':
      return <input className={styles.popoverInput} aria-label="Value" placeholder="Type a value" value={c.value} disabled={disabled} maxLength={1000} onChange={(e) => onChange({ ...c, value: e.target.value })} data-testid="filter-value" />;
    case 'eq':
    case 'neq':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return (
        <input
          className={styles.popoverInput}
          type="number"
          aria-label="Value"
          value={Number.isFinite(c.value) ? c.value : 0}
          disabled={disabled}
          onChange={(e) => e.target.value !== '' && Number.isFinite(Number(e.target.value)) && onChange({ ...c, value: Number(e.target.value) })}
          data-testid="filter-value"
        />
      );
    case 'is':
    case 'is_not': {
      const options = 'options' in property ? property.options : [];
      return (
        <select className={styles.popoverSelect} aria-label="Value" value={c.value} disabled={disabled} onChange={(e) => onChange({ ...c, value: e.target.value })} data-testid="filter-value">
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      );
    }
    case 'is_any_of':
    case 'is_none_of':
    case 'has_any':
    case 'has_all':
    case 'has_none': {
      const choices =
        property.type === PropertyType.Person || property.type === PropertyType.CreatedBy || property.type === PropertyType.LastEditedBy
          ? [{ id: ME, name: 'Me' }, ...people]
          : 'options' in property
            ? property.options
            : [];
      return (
        <span className={styles.valueChoices} role="group" aria-label="Values">
          {choices.map((o) => {
            const on = c.value.includes(o.id);
            return (
              <button
                key={o.id}
                type="button"
                aria-pressed={on}
                disabled={disabled}
                className={`${styles.choice} ${on ? styles.choiceOn : ''}`}
                onClick={() => {
                  const value = on ? c.value.filter((v) => v !== o.id) : [...c.value, o.id];
                  // A set condition needs one value at least; the last one stays.
                  if (value.length > 0) onChange({ ...c, value } as Condition);
                }}
              >
                {o.name}
              </button>
            );
          })}
        </span>
      );
    }
    case 'status_group_is':
      return (
        <select className={styles.popoverSelect} aria-label="Value" value={c.value} disabled={disabled} onChange={(e) => onChange({ ...c, value: e.target.value as (typeof STATUS_GROUPS)[number] })}>
          {STATUS_GROUPS.map((g) => (
            <option key={g} value={g}>
              {g === 'todo' ? 'To-do' : g === 'in_progress' ? 'In progress' : 'Done'}
            </option>
          ))}
        </select>
      );
    case 'date_is':
    case 'date_before':
    case 'date_after':
    case 'date_on_or_before':
    case 'date_on_or_after':
      return (
        <span className={styles.valueChoices}>
          <select
            className={styles.popoverSelect}
            aria-label="Date"
            value={c.value.kind === 'exact' ? 'exact' : c.value.relative}
            disabled={disabled}
            onChange={(e) => onChange({ ...c, value: e.target.value === 'exact' ? { kind: 'exact', date: today() } : { kind: 'relative', relative: e.target.value as (typeof RELATIVE_DAYS)[number] } })}
          >
            <option value="exact">Exact date</option>
            {RELATIVE_DAYS.map((r) => (
              <option key={r} value={r}>
                {r.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
          {c.value.kind === 'exact' ? (
            <input className={styles.popoverInput} type="date" aria-label="Day" value={c.value.date} disabled={disabled} onChange={(e) => e.target.value && onChange({ ...c, value: { kind: 'exact', date: e.target.value } })} />
          ) : null}
        </span>
      );
    case 'date_within':
      return (
        <span className={styles.valueChoices}>
          <select className={styles.popoverSelect} aria-label="Direction" value={c.value.direction} disabled={disabled} onChange={(e) => onChange({ ...c, value: { ...c.value, direction: e.target.value as 'past' | 'next' } })}>
            <option value="past">the past</option>
            <option value="next">the next</option>
          </select>
          <input
            className={`${styles.popoverInput} ${styles.narrowInput}`}
            type="number"
            min={1}
            max={1000}
            aria-label="Amount"
            value={c.value.amount}
            disabled={disabled}
            onChange={(e) => {
              const amount = Math.round(Number(e.target.value));
              if (amount >= 1 && amount <= 1000) onChange({ ...c, value: { ...c.value, amount } });
            }}
          />
          <select className={styles.popoverSelect} aria-label="Unit" value={c.value.unit} disabled={disabled} onChange={(e) => onChange({ ...c, value: { ...c.value, unit: e.target.value as 'day' | 'week' | 'month' | 'year' } })}>
            {(['day', 'week', 'month', 'year'] as const).map((u) => (
              <option key={u} value={u}>
                {u}s
              </option>
            ))}
          </select>
        </span>
      );
    default:
      return null;
  }
}
