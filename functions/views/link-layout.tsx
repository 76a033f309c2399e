// The frame of every page behind a customer's link: the ticket's language, no external assets and
// no script, one small inline style sheet; landmarks (the desk's name as the banner, the page in
// main under its one h1, how to reach the desk as the footer); a visible focus ring and colours
// that meet WCAG AA; fluid down to 320px, where long subjects and words wrap instead of scrolling.
import type { ComponentChildren } from 'preact';
import type { Language, Policy } from '../../workflows/policy/policy';
import { telHref } from './formats';

/** How a customer reaches the desk: the policy's name and phone, and the desk's first own address. */
export interface DeskContact {
  name: string;
  phone?: string;
  address?: string;
}

export const deskContactOf = (policy: Policy): DeskContact => ({
  ...policy.desk,
  address: policy.intake.deskAddresses[0],
});

const ink = '#1f2937';
const brand = '#1f3a5f';
const style =
  '*,*::before,*::after{box-sizing:border-box}' +
  `body{margin:0;font-family:system-ui,sans-serif;font-size:1rem;line-height:1.5;color:${ink};background:#fff;overflow-wrap:anywhere}` +
  'header,main,footer{max-width:40rem;margin:0 auto;padding:1rem}' +
  `header{border-bottom:3px solid ${brand}}header p{margin:0;font-weight:700;color:${brand}}` +
  'h1{font-size:1.5rem;line-height:1.3;margin:.5rem 0 1rem}h2{font-size:1.125rem;margin:1.5rem 0 .5rem}' +
  `a{color:${brand}}` +
  '.scroll{overflow-x:auto;max-width:100%}' +
  // In a table a word may break only when it has to: breaking anywhere would squeeze the description to a letter a line.
  'table{border-collapse:collapse;width:100%;overflow-wrap:break-word}caption{text-align:left;font-weight:700;padding:.3rem 0}' +
  'td,th{padding:.3rem .5rem;border-bottom:1px solid #9ca3af;text-align:left;vertical-align:top}' +
  // …except a description, which would otherwise push the amounts off a narrow screen.
  'td:first-child{overflow-wrap:anywhere}td.n{text-align:right;white-space:nowrap}' +
  '.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin:1.5rem 0}form{margin:0}' +
  `button,a.button{font:inherit;font-weight:600;min-height:2.75rem;padding:.6rem 1.2rem;border:2px solid ${brand};border-radius:.375rem;background:${brand};color:#fff;cursor:pointer}` +
  `.actions form+form button{background:#fff;color:${brand}}` +
  // A link that starts something (the portal's new request) looks like the button it is to the reader.
  'a.button{display:inline-block;text-decoration:none}' +
  // The portal's forms: a label above each field, fields as wide as the page.
  'label{display:block;font-weight:600;margin:.75rem 0 .25rem}' +
  'input,textarea,select{font:inherit;width:100%;padding:.4rem;border:1px solid #4b5563;border-radius:.25rem;color:inherit;background:#fff}' +
  'fieldset{border:1px solid #9ca3af;border-radius:.375rem;margin:1rem 0;padding:.5rem 1rem 1rem}legend{font-weight:700}' +
  'a:focus-visible,button:focus-visible,.scroll:focus-visible,input:focus-visible,textarea:focus-visible,select:focus-visible{outline:3px solid #b45309;outline-offset:3px}' +
  'footer{border-top:1px solid #9ca3af;color:#374151}footer h2{margin-top:.5rem}' +
  '@media (max-width:30rem){.actions form,.actions button{width:100%}table{font-size:.8125rem}td,th{padding:.3rem .2rem}h1{font-size:1.3rem}header,main,footer{padding:.75rem}}';

const words = {
  nl: {
    contact: 'Contact',
    questions: (desk: string) => `Vragen? Neem contact op met ${desk}.`,
    phone: 'Telefoon',
    mail: 'E-mail',
    reference: 'Vermeld uw referentie',
  },
  en: {
    contact: 'Contact',
    questions: (desk: string) => `Questions? Contact ${desk}.`,
    phone: 'Phone',
    mail: 'Email',
    reference: 'Please quote your reference',
  },
};

function ContactFooter({
  language,
  contact,
  ticketId,
}: {
  language: Language;
  contact: DeskContact;
  ticketId?: string;
}) {
  const w = words[language];
  return (
    <footer>
      <h2>{w.contact}</h2>
      <p>{w.questions(contact.name)}</p>
      <ul>
        {contact.phone ? (
          <li>
            {w.phone}: <a href={telHref(contact.phone)}>{contact.phone}</a>
          </li>
        ) : null}
        {contact.address ? (
          <li>
            {w.mail}: <a href={`mailto:${contact.address}`}>{contact.address}</a>
          </li>
        ) : null}
        {ticketId ? (
          <li>
            {w.reference}: <strong>{ticketId}</strong>
          </li>
        ) : null}
      </ul>
    </footer>
  );
}

export function LinkLayout({
  language,
  title,
  contact,
  ticketId,
  children,
}: {
  language: Language;
  title: string;
  contact: DeskContact;
  /** The ticket the page is about, when known: the customer quotes it when they call. */
  ticketId?: string;
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
        <header>
          <p>{contact.name}</p>
        </header>
        <main>
          <h1>{title}</h1>
          {children}
        </main>
        <ContactFooter language={language} contact={contact} ticketId={ticketId} />
      </body>
    </html>
  );
}
