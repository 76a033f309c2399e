// User text as the desk keeps it: one-line fields (subjects, names, references) lose control and
// bidirectional-override characters, so a pasted `\r\nBcc:` or a U+202E can neither break a header
// nor reverse what an agent reads; free text keeps its line breaks and tabs only, and loses the
// bidi controls too (a `U+202E` turns `txt.exe` into what reads as `exe.txt`; pages and mails put
// user text in `<bdi>`/`dir="auto"`, which right-to-left writing needs, not overrides). Pure.

/** C0 and C1 controls, DEL, and the bidi embeddings, overrides and isolates (U+202A–E, U+2066–9). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS_AND_BIDI = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex -- as above
const CONTROLS_BUT_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** One line: every control or override becomes a space, runs of white space one space, trimmed. */
export const singleLine = (value: string): string => value.replace(CONTROLS_AND_BIDI, ' ').replace(/\s+/g, ' ').trim();

/** Free text: CRLF, CR and the Unicode separators become LF; controls other than tab and line feed go. */
export const multiLine = (value: string): string =>
  value
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(CONTROLS_BUT_BREAKS, '')
    .trim();
