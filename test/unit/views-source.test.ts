// Pages and mails are components: no module of the shell (functions/, local/) builds HTML out of
// strings, where one forgotten escape call is an injection. Only Preact writes markup; the one
// string prefix is the doctype in views/render.tsx.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The code without its comments (a comment may well quote a tag). */
const withoutComments = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

/** A string or template literal that opens with a tag, a closing tag or `<!`. */
const htmlLiteral = /[`'"]<[a-zA-Z!/]/g;

describe('the view layer', () => {
  it('is the only writer of HTML in functions/ and local/: no literal there starts with a tag', () => {
    const offenders = [...sourcesUnder(join(root, 'functions')), ...sourcesUnder(join(root, 'local'))].flatMap(
      (file) => {
        const code = withoutComments(readFileSync(file, 'utf8')).replace(
          '`<!doctype html>${renderToString(page)}`',
          '',
        );
        return [...code.matchAll(htmlLiteral)].map(
          (m) => `${relative(root, file)}: ${code.slice(m.index, m.index + 40)}`,
        );
      },
    );
    expect(offenders).toEqual([]);
  });

  it("lets raw markup in only through the ticket page's diagram, the report's charts and the layouts' constant style sheets", () => {
    const raw = [...sourcesUnder(join(root, 'functions')), ...sourcesUnder(join(root, 'local'))].flatMap((file) => {
      const code = withoutComments(readFileSync(file, 'utf8'));
      return [...code.matchAll(/dangerouslySetInnerHTML=\{\{ __html: (\w+) \}\}/g)].map(
        (m) => `${relative(root, file)}: ${m[1]}`,
      );
    });
    expect(raw.sort()).toEqual([
      'functions/console/console-pages.tsx: style',
      'functions/console/console-ticket-page.tsx: diagram',
      'functions/reports/report-page.tsx: printStyle',
      'functions/reports/report-page.tsx: reportStyle',
      'functions/reports/report-view.tsx: chart',
      'functions/views/link-layout.tsx: style',
      'local/dev-mailbox.tsx: style',
    ]);
  });
});
