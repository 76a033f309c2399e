// User text as the desk keeps it: one-line fields (subjects, names, references) lose control and
// bidirectional-override characters, so a pasted `\r\nBcc:` or a U+202E can neither break a header
// nor reverse what an agent reads; free text keeps its line breaks and tabs only. Pure.

/** C0 and C1 controls, DEL, and the bidi embeddings, overrides and isolates (U+202A–E, U+2066–9). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS_AND_BIDI = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex -- as above
const CONTROLS_BUT_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** One line: every control or override becomes a space, runs of white space one space, trimmed. */
export const singleLine = (value: string): string => value.replace(CONTROLS_AND_BIDI, ' ').replace(/\s+/g, ' ').trim();

/** Free text: CRLF and CR become LF; control characters other than tab and line feed go. */
export const multiLine = (value: string): string =>
  value.replace(/\r\n?/g, '\n').replace(CONTROLS_BUT_BREAKS, '').trim();
