import { DatabaseLimits } from './limits.js';
import { OPTION_COLORS, type SelectOption, type StatusGroup } from './schema.js';

// The options a select-like property gains while values are converted into it (retype, CSV
// import): names match case-insensitively; a name the source already had keeps its id and colour;
// new ones get the next colour; past the option limit a name gets no option (the caller reports it).
export class OptionPool {
  private readonly options: (SelectOption & { group?: StatusGroup })[];

  constructor(
    initial: readonly (SelectOption & { group?: StatusGroup })[],
    private readonly carried: readonly SelectOption[] = [],
    // Status targets put new options in this group.
    private readonly statusGroup: StatusGroup | null = null,
  ) {
    this.options = [...initial];
  }

  all(): (SelectOption & { group?: StatusGroup })[] {
    return this.options;
  }

  idFor(name: string): string | null {
    const trimmed = name.trim().slice(0, DatabaseLimits.optionNameLength);
    if (trimmed === '') return null;
    const key = trimmed.toLocaleLowerCase();
    const found = this.options.find((o) => o.name.toLocaleLowerCase() === key);
    if (found) return found.id;
    if (this.options.length >= DatabaseLimits.optionsPerProperty) return null;
    const carried = this.carried.find((o) => o.name.toLocaleLowerCase() === key);
    let id = carried?.id ?? `opt-${this.options.length + 1}`;
    for (let n = this.options.length + 2; this.options.some((o) => o.id === id); n += 1) id = `opt-${n}`;
    const color = carried?.color ?? OPTION_COLORS[(this.options.length % (OPTION_COLORS.length - 1)) + 1]!;
    this.options.push(this.statusGroup === null ? { id, name: trimmed, color } : { id, name: trimmed, color, group: this.statusGroup });
    return id;
  }
}
