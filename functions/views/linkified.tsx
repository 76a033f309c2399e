// Plain text with its http(s) URLs as links: the text escaped like any other, each URL an <a>.
import type { VNode } from 'preact';

const url = /https?:\/\/[^\s<]+/g;

export function Linkified({ text }: { text: string }) {
  const parts: (string | VNode)[] = [];
  let last = 0;
  for (const match of text.matchAll(url)) {
    parts.push(text.slice(last, match.index), <a href={match[0]}>{match[0]}</a>);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return <>{parts}</>;
}
