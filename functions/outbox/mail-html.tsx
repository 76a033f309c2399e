// The HTML part of the desk's mails: the same words as the text part (workflows/
// notification-templates.ts), each body line a paragraph with its links clickable, the closing
// one paragraph with its line breaks. Rendered when the mail is sent, so the pure core keeps none.
import type { Language } from '../../workflows/policy/policy';
import { Linkified } from '../views/linkified';
import { renderDocument } from '../views/render';

/** Body lines and closing, as the templates lay the text out: the closing follows the first blank line. */
function partsOf(text: string): { body: string[]; closing: string[] } {
  const lines = text.split('\n');
  const blank = lines.indexOf('');
  return blank < 0 ? { body: lines, closing: [] } : { body: lines.slice(0, blank), closing: lines.slice(blank + 1) };
}

function MailBody({ text, language }: { text: string; language: Language }) {
  const { body, closing } = partsOf(text);
  return (
    <html lang={language}>
      <body>
        {body.map((line) => (
          <p>
            <Linkified text={line} />
          </p>
        ))}
        {closing.length ? <p>{closing.flatMap((line, i) => (i ? [<br />, line] : [line]))}</p> : null}
      </body>
    </html>
  );
}

export const mailHtml = (text: string, language: Language): string =>
  renderDocument(<MailBody text={text} language={language} />);
