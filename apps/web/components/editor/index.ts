export { PageEditor, type PageEditorProps } from './PageEditor';
