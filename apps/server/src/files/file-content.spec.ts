import { contentDisposition, sanitizeFileName } from './file-content.js';

describe('sanitizeFileName', () => {
  it('keeps only the last path segment, without control or filesystem-hostile characters', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\me\\shot.png')).toBe('shot.png');
    expect(sanitizeFileName('a\u0000b\u0007c\u202e.png')).toBe('abc.png');
    expect(sanitizeFileName('what?<is>:"this"|*.txt')).toBe('whatisthis.txt');
    expect(sanitizeFileName('  ..hidden.  ')).toBe('hidden');
    expect(sanitizeFileName('CON.txt')).toBe('_CON.txt');
    expect(sanitizeFileName('')).toBe('file');
    expect(sanitizeFileName('../..')).toBe('file');
    expect(sanitizeFileName('Résumé – final.pdf')).toBe('Résumé – final.pdf');
  });

  it('shortens long names to 200 characters, keeping the extension', () => {
    const name = sanitizeFileName(`${'x'.repeat(500)}.jpeg`);
    expect(name).toHaveLength(200);
    expect(name.endsWith('x.jpeg')).toBe(true);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('attachment', 'Résumé "v2".pdf')).toBe(`attachment; filename="R_sum_ _v2_.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22v2%22.pdf`);
    expect(contentDisposition('inline', "it's (1).png")).toBe(`inline; filename="it's (1).png"; filename*=UTF-8''it%27s%20%281%29.png`);
  });
});
