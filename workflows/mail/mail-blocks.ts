// A mail's content as blocks: what the templates write, and what both the plain-text part
// (mail-text.ts) and the HTML part (the outbox's mail-html) are rendered from, so they say the same.

export type MailBlock =
  /** One paragraph of the desk's own words. */
  | { type: 'paragraph'; text: string }
  /** What a person wrote (an agent's reply, the question, a vendor's answer), verbatim, line breaks kept. */
  | { type: 'words'; by: string; text: string }
  | { type: 'list'; items: string[] }
  /** Labelled facts, e.g. the ticket's subject, customer and site in a vendor forward. */
  | { type: 'facts'; rows: { label: string; value: string }[] }
  /** A link the reader follows to act (confirm, approve, consent). */
  | { type: 'action'; label: string; url: string };

export interface MailLetter {
  /** `Beste Jan,` / `Dear Jan,` */
  greeting: string;
  blocks: MailBlock[];
  /** The closing and the desk's signature, one line each. */
  signature: string[];
}
