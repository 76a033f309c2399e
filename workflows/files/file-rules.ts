// Whether the files an agent uploads may be kept: each file's declared type must be one the policy
// allows AND its first bytes must look like that type; executables and scripts are refused whatever
// they claim to be, and so are empty files, files over the size limit and uploads of too many
// files. Pure: names, declared types and bytes in, a verdict per file out.
//
// A small table of signatures rather than a sniffing library (`file-type`): the desk allows a
// handful of document and image types only, each told by a fixed prefix, so the table is the whole
// of what would be used of a library that knows hundreds of formats (and is ESM-only, with its
// stream and tokenizer dependencies in every API bundle).
import { singleLine } from '../intake/user-text';

/** Types the desk can recognise by content, so the only ones a policy may allow. */
export const recognisedTypes = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'text/plain',
  'text/csv',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/msword',
  'application/vnd.ms-excel',
] as const;
export type RecognisedType = (typeof recognisedTypes)[number];

export interface FileRules {
  /** The most one file may be, and all files of one upload together (they share one request body). */
  maxBytes: number;
  maxFiles: number;
  allowedTypes: readonly RecognisedType[];
}

export interface OfferedFile {
  name: string;
  /** The type the sender declared (the part's Content-Type), parameters and case aside. */
  type: string;
  bytes: Uint8Array;
}

export type FileRule = 'empty' | 'too-large' | 'too-many' | 'type-not-allowed' | 'content-mismatch' | 'executable';

export type FileVerdict =
  | { ok: true; name: string; type: RecognisedType; size: number }
  | { ok: false; name: string; rule: FileRule; reason: string };

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const zip = [ascii('PK\u0003\u0004')];
/** Word 97–2003 and Excel 97–2003 are OLE2 compound files. */
const ole2 = [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]];

/** What the first bytes of each type are (any one signature will do); text has none, it is checked as text. */
const signatures = new Map<RecognisedType, readonly (readonly number[])[]>([
  ['application/pdf', [ascii('%PDF-')]],
  ['image/png', [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]]],
  ['image/jpeg', [[0xff, 0xd8, 0xff]]],
  ['image/gif', [ascii('GIF87a'), ascii('GIF89a')]],
  ['application/zip', zip],
  // Office Open XML documents are zip containers; what is inside is not executed by opening them.
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', zip],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', zip],
  ['application/msword', ole2],
  ['application/vnd.ms-excel', ole2],
]);

/** Executable formats by their magic numbers: refused whatever type they are declared as. */
const executables: readonly { name: string; signature: readonly number[] }[] = [
  { name: 'a Windows program (MZ)', signature: ascii('MZ') },
  { name: 'a Linux program (ELF)', signature: [0x7f, 0x45, 0x4c, 0x46] },
  { name: 'a macOS program (Mach-O)', signature: [0xcf, 0xfa, 0xed, 0xfe] },
  { name: 'a macOS program (Mach-O)', signature: [0xce, 0xfa, 0xed, 0xfe] },
  { name: 'a macOS program (Mach-O)', signature: [0xfe, 0xed, 0xfa, 0xcf] },
  { name: 'a macOS program (Mach-O)', signature: [0xfe, 0xed, 0xfa, 0xce] },
  { name: 'a universal program or Java class (CAFEBABE)', signature: [0xca, 0xfe, 0xba, 0xbe] },
  { name: 'a script (#!)', signature: ascii('#!') },
];

/** Names a system runs or installs when opened: refused whatever the bytes (a script is text). */
const runnableExtensions = new Set([
  'exe', 'com', 'scr', 'pif', 'cpl', 'msi', 'msp', 'dll', 'sys', 'bat', 'cmd', 'ps1', 'psm1', 'vbs', 'vbe', 'js',
  'jse', 'mjs', 'wsf', 'wsh', 'hta', 'lnk', 'reg', 'jar', 'sh', 'bash', 'zsh', 'csh', 'ksh', 'py', 'pl', 'rb',
  'php', 'app', 'dmg', 'pkg', 'deb', 'rpm', 'apk', 'appimage', 'elf', 'bin', 'run', 'command', 'html', 'htm',
  'xhtml', 'svg', 'xml', 'xsl',
]); // prettier-ignore

const isWebp = (bytes: Uint8Array) => startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8);

/**
 * Text is UTF-8 without NUL or other control characters than tab, line breaks and form feed: what
 * a program, an archive or an image never is for long.
 */
function looksLikeText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

export function looksLike(type: RecognisedType, bytes: Uint8Array): boolean {
  if (type === 'text/plain' || type === 'text/csv') return looksLikeText(bytes);
  if (type === 'image/webp') return isWebp(bytes);
  return (signatures.get(type) ?? []).some((signature) => startsWith(bytes, signature));
}

/** The declared type alone, lower-cased, without parameters (`text/plain; charset=utf-8` is `text/plain`). */
export const declaredType = (type: string) => type.split(';')[0]!.trim().toLowerCase();

/** A file name without any path a browser or client put before it, as one line of user text, bounded. */
export const baseName = (name: string) => [...singleLine(name.split(/[/\\]/).pop()!)].slice(0, 200).join('');

const extensionOf = (name: string) => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

const refuse = (name: string, rule: FileRule, reason: string): FileVerdict => ({ ok: false, name, rule, reason });

/** One file against the rules (the upload's own limits, count and total, are `judgeFiles`'). */
export function judgeFile(file: OfferedFile, rules: FileRules): FileVerdict {
  const name = baseName(file.name) || 'attachment';
  const size = file.bytes.byteLength;
  if (size === 0) return refuse(name, 'empty', 'the file is empty');
  if (size > rules.maxBytes)
    return refuse(name, 'too-large', `the file is ${size} bytes; at most ${rules.maxBytes} are taken`);
  const executable = executables.find((e) => startsWith(file.bytes, e.signature));
  if (executable) return refuse(name, 'executable', `the content is ${executable.name}, which the desk never keeps`);
  const extension = extensionOf(name);
  if (runnableExtensions.has(extension))
    return refuse(name, 'executable', `.${extension} files run or render when opened; the desk never keeps them`);
  const type = declaredType(file.type);
  const allowed = rules.allowedTypes.find((t) => t === type);
  if (!allowed)
    return refuse(
      name,
      'type-not-allowed',
      `${type || 'no type'} is not taken; allowed: ${rules.allowedTypes.join(', ')}`,
    );
  if (!looksLike(allowed, file.bytes))
    return refuse(name, 'content-mismatch', `the content does not look like ${allowed}`);
  return { ok: true, name, type: allowed, size };
}

/**
 * Every file's verdict; the upload is accepted only when each file is. The count and the total
 * are the upload's: the file that goes over either is refused by that rule.
 */
export function judgeFiles(
  files: readonly OfferedFile[],
  rules: FileRules,
): { accepted: boolean; verdicts: FileVerdict[] } {
  let total = 0;
  const verdicts = files.map((file, i) => {
    const verdict = judgeFile(file, rules);
    if (!verdict.ok) return verdict;
    if (i >= rules.maxFiles)
      return refuse(verdict.name, 'too-many', `at most ${rules.maxFiles} files are taken at once`);
    total += verdict.size;
    if (total > rules.maxBytes)
      return refuse(verdict.name, 'too-large', `the files together are over ${rules.maxBytes} bytes`);
    return verdict;
  });
  return { accepted: verdicts.every((v) => v.ok), verdicts };
}

/** The refused files in words: `name: reason` each. */
export const refusalText = (verdicts: readonly FileVerdict[]) =>
  verdicts.flatMap((v) => (v.ok ? [] : [`${v.name}: ${v.reason}`])).join('; ');
