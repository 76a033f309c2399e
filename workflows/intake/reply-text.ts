// Splits what someone wrote in a reply from what their mail client put below it (the quoted
// history and the signature), so the event records the new words and the raw message keeps the
// rest. email-reply-parser does most (`>` quoting, "-- " signatures, "On … wrote:", "Sent from my
// iPhone"); the rules here add what it misses: Outlook's "-----Oorspronkelijk bericht-----" and
// its Van:/From: header blocks with or without a rule above them, and the Dutch attributions of
// Gmail ("Op … schreef …:") and Apple Mail ("… het volgende geschreven:"), also wrapped. Pure.
import EmailReplyParser from 'email-reply-parser';

export interface SplitReply {
  /** What the sender wrote now; the whole text when nothing new remains (a mail that is all quote). */
  text: string;
  /** What was cut: the quoted history and the signature ('' when nothing was). */
  quoted: string;
}

/**
 * The library's multi-line patterns backtrack badly (a crafted 8,000 characters take over a
 * second), so it only reads the part above the history, and only when that part is this short;
 * a longer one keeps the rules below, which read line by line.
 */
export const LIBRARY_MAX_CHARS = 4000;

/** Outlook's plain-text separator, nl and en. */
const ORIGINAL_MESSAGE = /^-{2,}\s*(?:oorspronkelijk bericht|origineel bericht|original message)\s*-{2,}$/i;
/** A rule above a header block: Outlook's underscores, or an `<hr>` as html-to-text draws it. */
const RULE = /^(?:-{5,}|_{5,})$/;
const HEADER_FROM = /^\*?(?:from|van)\s?:/i;
const HEADER_DATE = /^\*?(?:sent|date|verzonden|datum)\s?:/i;
const HEADER_OTHER = /^\*?(?:to|aan|cc|subject|onderwerp)\s?:/i;
const HEADER_LINES = 8;
const ATTRIBUTION_START = /^(?:on|op)\s/i;
/** Every client's attribution gives the time the quoted mail was sent. */
const TIME = /\d{1,2}[:.]\d{2}/;
/** "… wrote:", "… schreef X <x@y>:", "… heeft X het volgende geschreven:". */
const ATTRIBUTION_END = /(?:\bwrote|\bschreef\b.*|\bgeschreven):$/i;
const ATTRIBUTION_MAX_CHARS = 300;

const isBlank = (line: string) => line === '';
const isQuote = (line: string) => line.startsWith('>');

/** Lines without trailing white space (html-to-text leaves `&nbsp;` lines), runs of blank lines as one. */
function tidyLines(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (!isBlank(line) || (lines.length > 0 && !isBlank(lines.at(-1)!))) lines.push(line);
  }
  while (lines.length > 0 && isBlank(lines.at(-1)!)) lines.pop();
  return lines;
}

/** "From: … / Sent: … / To: …": a From or Van line followed, before a blank line, by a date and an addressee or subject. */
function isHeaderBlock(lines: string[], at: number): boolean {
  if (!HEADER_FROM.test(lines[at]!)) return false;
  let date = false;
  let other = false;
  for (let i = at + 1; i < Math.min(lines.length, at + HEADER_LINES) && !isBlank(lines[i]!); i++) {
    date ||= HEADER_DATE.test(lines[i]!);
    other ||= HEADER_OTHER.test(lines[i]!);
  }
  return date && other;
}

/** "On Mon, 30 Nov 2026 at 10:00, X wrote:", "Op … schreef X <x@y>:", "Op … heeft X het volgende geschreven:". */
function attributionLength(lines: string[], at: number): number {
  if (!ATTRIBUTION_START.test(lines[at]!)) return 0;
  // Short lines only: the patterns then cannot backtrack for long.
  const looksLike = (text: string) =>
    text.length <= ATTRIBUTION_MAX_CHARS && TIME.test(text) && ATTRIBUTION_END.test(text);
  if (looksLike(lines[at]!)) return 1;
  // Gmail wraps a long attribution onto a second line.
  const next = lines[at + 1];
  return next !== undefined && !isBlank(next) && looksLike(`${lines[at]} ${next}`) ? 2 : 0;
}

/** Where the history starts: the first separator, header block or attribution, else a trailing `>` block. */
function historyStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (ORIGINAL_MESSAGE.test(line) || isHeaderBlock(lines, i) || attributionLength(lines, i) > 0) return i;
  }
  let start = lines.length;
  for (let i = lines.length - 1; i >= 0 && (isBlank(lines[i]!) || isQuote(lines[i]!)); i--) {
    if (isQuote(lines[i]!)) start = i;
  }
  return start;
}

/** The first "-- " signature delimiter (html-to-text drops its space), or the end. */
const signatureStart = (lines: string[]) => {
  const at = lines.findIndex((line) => line === '--');
  return at < 0 ? lines.length : at;
};

/** The part above the history, without the blank lines and rules that led into it. */
function cutAt(lines: string[], at: number): number {
  let end = at;
  while (end > 0 && (isBlank(lines[end - 1]!) || RULE.test(lines[end - 1]!))) end--;
  return end;
}

const parser = new EmailReplyParser();

/**
 * What the library makes of the part above the history: the new text and what it hid. None when
 * that part is too long for it, or when it rewrote lines (it joins the lines of what it takes for
 * a wrapped attribution, and so can take "Op maandag …" followed by "… schreef:" for one).
 */
function libraryReading(head: string): { text: string; hidden: string[] } | null {
  if (head.length > LIBRARY_MAX_CHARS) return null;
  const fragments = parser
    .read(head)
    .getFragments()
    .filter((f) => !f.isEmpty());
  const contents = fragments.map((f) => f.getContent().trim());
  if (!contents.every((content) => head.includes(content))) return null;
  return {
    text: tidyLines(contents.filter((_, i) => !fragments[i]!.isHidden()).join('\n')).join('\n'),
    hidden: contents.filter((_, i) => fragments[i]!.isHidden()),
  };
}

export function splitReply(whole: string): SplitReply {
  const lines = tidyLines(whole);
  const cut = cutAt(lines, Math.min(historyStart(lines), signatureStart(lines)));
  const head = lines.slice(0, cut).join('\n');
  const tail = lines.slice(cut).join('\n').replace(/^\n+/, '');
  // Quoted lines above the history answer one by one (inline replying): without them the answers
  // lose their questions, so they stay, and the library (which drops every quote) does not read it.
  const inline = lines.slice(0, cut).some(isQuote);
  const { text, hidden } = (inline ? null : libraryReading(head)) ?? { text: head, hidden: [] };
  return text
    ? { text, quoted: [...hidden, tail].filter(Boolean).join('\n\n') }
    : { text: lines.join('\n'), quoted: '' };
}
