// Text a standard PDF font can draw: the standard fonts encode WinAnsi only, and pdf-lib throws on
// anything else, so a customer's name in any script must become the nearest drawable text instead.
import type { PDFFont } from 'pdf-lib';

/** Characters outside WinAnsi with a plain look-alike inside it (the accents NFD strips are not listed). */
const lookAlikes = new Map<string, string>([
  ['\u2010', '-'], // hyphen
  ['\u2011', '-'], // non-breaking hyphen
  ['\u2012', '–'], // figure dash
  ['\u2015', '—'], // horizontal bar
  ['\u2212', '-'], // minus sign
  ['\u2007', ' '], // figure space
  ['\u2009', ' '], // thin space
  ['\u202f', ' '], // narrow no-break space (Intl writes it in some locales)
  ['\u200b', ''], // zero-width space
  ['\u2032', "'"], // prime
  ['\u2033', '"'], // double prime
  ['ł', 'l'],
  ['Ł', 'L'],
  ['đ', 'd'],
  ['Đ', 'D'],
  ['ı', 'i'],
  ['ħ', 'h'],
  ['Ħ', 'H'],
  ['ŧ', 't'],
  ['Ŧ', 'T'],
  ['ĸ', 'k'],
  ['ŋ', 'n'],
  ['Ŋ', 'N'],
  ['ﬁ', 'fi'],
  ['ﬂ', 'fl'],
]);

const combiningMarks = /\p{M}/gu;
const lineBreaks = /[\r\n\t\v\f\u2028\u2029]+/g;
const placeholder = '?';

/** A function that turns any text into text `font` encodes: look-alikes, accents dropped, else `?`. */
export function winAnsiText(font: PDFFont): (text: string) => string {
  const drawable = new Set(font.getCharacterSet());
  const fits = (text: string) => [...text].every((c) => drawable.has(c.codePointAt(0)!));
  const memo = new Map<string, string>();
  const one = (c: string): string => {
    if (drawable.has(c.codePointAt(0)!)) return c;
    const known = memo.get(c);
    if (known !== undefined) return known;
    const lookAlike = lookAlikes.get(c);
    const bare = c.normalize('NFD').replace(combiningMarks, '');
    const compatible = c.normalize('NFKC');
    const chosen =
      lookAlike !== undefined && fits(lookAlike)
        ? lookAlike
        : bare && fits(bare)
          ? bare
          : compatible !== c && fits(compatible)
            ? compatible
            : /\p{C}/u.test(c)
              ? ''
              : placeholder;
    memo.set(c, chosen);
    return chosen;
  };
  return (text) => {
    let out = '';
    for (const c of text.replace(lineBreaks, ' ')) out += one(c);
    return out;
  };
}
