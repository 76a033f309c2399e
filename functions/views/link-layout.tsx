// The frame of every page behind a customer's link: the ticket's language, no external assets,
// one small inline style sheet, the title as the page's heading.
import type { ComponentChildren } from 'preact';
import type { Language } from '../../workflows/policy/policy';

const style =
  'body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}' +
  'table{border-collapse:collapse;width:100%}td,th{padding:.3rem .5rem;border-bottom:1px solid #ccc;text-align:left}' +
  'td.n{text-align:right}button{font-size:1rem;padding:.6rem 1.2rem;margin:.5rem .5rem 0 0}form{display:inline}';

export function LinkLayout({
  language,
  title,
  children,
}: {
  language: Language;
  title: string;
  children: ComponentChildren;
}) {
  return (
    <html lang={language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{title}</title>
        {/* A constant of this module, never input: CSS needs its `>` unescaped. */}
        <style dangerouslySetInnerHTML={{ __html: style }} />
      </head>
      <body>
        <main>
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}
