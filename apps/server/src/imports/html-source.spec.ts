import { htmlBody, htmlDepth, parkRelativeUrls, restoreRelativeUrls } from './html-source.js';

describe('HTML import sources', () => {
  it('measures nesting as elements open and close', () => {
    expect(htmlDepth('<p>Hi</p>')).toBe(1);
    expect(htmlDepth('<html><body><div><p>a<br>b<img src="x"></p></div></body></html>')).toBe(4);
    // Unclosed elements count until the end; stray closing tags are ignored.
    expect(htmlDepth('<div><div><div>deep</span>')).toBe(3);
    // Markup inside scripts and comments is not markup.
    expect(htmlDepth('<script>"<div><div><div>"</script><!-- <div><div> --><p>x</p>')).toBe(1);
    expect(htmlDepth('<div>'.repeat(5000))).toBe(5000);
  });

  it('takes the body of a whole document, or the markup without its head', () => {
    expect(htmlBody('<html><head><title>T</title></head><body class="x"><p>Hi</p></body></html>')).toBe('<p>Hi</p>');
    expect(htmlBody('<head><style>p{}</style></head><p>Hi</p>')).toBe('<p>Hi</p>');
    expect(htmlBody('<p>Hi</p>')).toBe('<p>Hi</p>');
  });

  it('parks relative addresses for the conversion and restores them after', () => {
    const html = '<a href="Other%20page.html">o</a> <img src=\'img/a.png\'> <a href="https://example.com">e</a> <a href="#top">t</a> <a href="mailto:a@b.c">m</a>';
    const parked = parkRelativeUrls(html);
    expect(parked).toContain('href="https://tandem-import.invalid/Other%20page.html"');
    expect(parked).toContain("src='https://tandem-import.invalid/img/a.png'");
    expect(parked).toContain('href="https://example.com"');
    expect(parked).toContain('href="#top"');
    expect(parked).toContain('href="mailto:a@b.c"');
    expect(restoreRelativeUrls('[o](https://tandem-import.invalid/Other%20page.html) ![](https://tandem-import.invalid/img/a.png)')).toBe('[o](Other%20page.html) ![](img/a.png)');
  });
});
