// The portal's sign-in mail, pure: subject and letter (greeting, the link as an action, the code,
// how long both last, what to do when it was not you) in the customer's language, with the desk's
// signature; the plain-text part from the same letter as every desk mail.
import type { MailLetter } from '../mail/mail-blocks';
import { mailText } from '../mail/mail-text';
import { messageIdAt } from '../mail/message-id';
import { signatureOf } from '../mail/notification-templates';
import type { Language, Policy } from '../policy/policy';
import { SIGN_IN_TTL_MS } from './portal-sign-in';

const minutes = SIGN_IN_TTL_MS / 60_000;

const words = {
  nl: {
    subject: (desk: string) => `Inloggen bij ${desk}`,
    greeting: 'Beste klant,',
    asked: (desk: string) => `Er is gevraagd om in te loggen op het klantportaal van ${desk} met dit e-mailadres.`,
    action: 'Inloggen',
    code: 'Of typ deze code in het venster waarin u het vroeg:',
    codeLabel: 'Code',
    valid: `De link en de code zijn ${minutes} minuten geldig en werken één keer.`,
    notYou: 'Heeft u dit niet gevraagd? Dan kunt u deze mail negeren; er verandert niets.',
  },
  en: {
    subject: (desk: string) => `Sign in to ${desk}`,
    greeting: 'Hello,',
    asked: (desk: string) => `Someone asked to sign in to the customer portal of ${desk} with this e-mail address.`,
    action: 'Sign in',
    code: 'Or type this code in the window where you asked for it:',
    codeLabel: 'Code',
    valid: `The link and the code are valid for ${minutes} minutes and work once.`,
    notYou: 'Did you not ask for this? Then ignore this mail; nothing changes.',
  },
};

/** The code as it reads best: two groups of three. */
export const spacedCode = (code: string) => code.replace(/^(\d{3})(\d+)$/, '$1 $2');

export function signInMail(
  policy: Policy,
  language: Language,
  link: string,
  code: string,
): { subject: string; letter: MailLetter; text: string } {
  const w = words[language];
  const letter: MailLetter = {
    greeting: w.greeting,
    blocks: [
      { type: 'paragraph', text: w.asked(policy.desk.name) },
      { type: 'action', label: w.action, url: link },
      { type: 'paragraph', text: w.code },
      { type: 'facts', rows: [{ label: w.codeLabel, value: spacedCode(code) }] },
      { type: 'paragraph', text: w.valid },
      { type: 'paragraph', text: w.notYou },
    ],
    signature: signatureOf(policy, language),
  };
  return { subject: w.subject(policy.desk.name), letter, text: mailText(letter) };
}

/** The mail's Message-ID: the attempt's random id at the desk's domain, so nobody can compute it. */
export const signInMessageId = (attempt: string, from: string) => messageIdAt(`portal.${attempt}`, from);
