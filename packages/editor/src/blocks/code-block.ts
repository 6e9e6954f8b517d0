import { CodeBlockLowlight } from '@tiptap/extension-code-block-lowlight';
import { common, createLowlight } from 'lowlight';

/**
 * highlight.js' "common" set (about 37 languages) through lowlight: enough for what people paste
 * into notes, without shipping all 190 grammars to every browser. Highlighting is decorations
 * only: nothing about it is stored, so the language attribute is the only synced state.
 */
export const lowlight = createLowlight(common);

/** Languages offered by the picker: label per highlight.js name, "Plain text" first. */
export const CODE_LANGUAGES: readonly { id: string; label: string }[] = [
  { id: 'plaintext', label: 'Plain text' },
  ...lowlight
    .listLanguages()
    .filter((id) => id !== 'plaintext')
    .map((id) => ({ id, label: languageLabel(id) }))
    .sort((a, b) => a.label.localeCompare(b.label)),
];

function languageLabel(id: string): string {
  const known: Record<string, string> = {
    bash: 'Bash', c: 'C', cpp: 'C++', csharp: 'C#', css: 'CSS', diff: 'Diff', go: 'Go', graphql: 'GraphQL', ini: 'INI',
    java: 'Java', javascript: 'JavaScript', json: 'JSON', kotlin: 'Kotlin', less: 'Less', lua: 'Lua', makefile: 'Makefile',
    markdown: 'Markdown', objectivec: 'Objective-C', perl: 'Perl', php: 'PHP', 'php-template': 'PHP template',
    python: 'Python', 'python-repl': 'Python REPL', r: 'R', ruby: 'Ruby', rust: 'Rust', scss: 'SCSS', shell: 'Shell session',
    sql: 'SQL', swift: 'Swift', typescript: 'TypeScript', vbnet: 'VB.NET', wasm: 'WebAssembly', xml: 'HTML/XML', yaml: 'YAML',
  };
  return known[id] ?? id;
}

export const CodeBlock = CodeBlockLowlight.configure({ lowlight, defaultLanguage: null, enableTabIndentation: true });
