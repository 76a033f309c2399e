// Turns a view into the string an HTTP answer or a mail carries. Preact escapes every text and
// attribute; raw markup gets in only through an explicit dangerouslySetInnerHTML.
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** A whole HTML document: the doctype, then the rendered page. */
export const renderDocument = <P,>(page: VNode<P>): string => `<!doctype html>${renderToString(page)}`;

/** A fragment (a table cell, a form) where a caller needs the markup alone, e.g. in a test. */
export const renderFragment = <P,>(view: VNode<P>): string => renderToString(view);
