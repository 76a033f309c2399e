// Escapes text for HTML: every page and HTML mail the desk renders puts ticket fields through it.
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (ch) => entities[ch]!);
