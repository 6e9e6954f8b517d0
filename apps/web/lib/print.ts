// The page's PDF export: the browser's print (Save as PDF) with the print stylesheet (the @media
// print rules of the shell, page and editor styles), always in the light theme: a dark page on
// paper wastes ink and reads worse. The theme chosen comes back once the print dialog closes.
export function printPage(): void {
  const root = document.documentElement;
  const was = root.dataset.theme;
  root.dataset.theme = 'light';
  const restore = () => {
    if (was === undefined) delete root.dataset.theme;
    else root.dataset.theme = was;
  };
  window.addEventListener('afterprint', restore, { once: true });
  window.print();
}
