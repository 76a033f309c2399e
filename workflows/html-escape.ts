// Escapes text for markup the desk writes as a string: the lifecycle SVG. Pages and mails are
// components (functions/views/), which Preact escapes by default.
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (ch) => entities[ch]!);

