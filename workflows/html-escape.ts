// Escapes text for HTML: every page and HTML mail the desk renders puts ticket fields through it.
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (ch) => entities[ch]!);

/**
 * Text people wrote (a subject, a name, a message), escaped and bidi-isolated: right-to-left text
 * or a stray U+202E inside it cannot reorder what stands around it on the page.
 */
export const isolated = (value: string) => `<bdi>${escapeHtml(value)}</bdi>`;
