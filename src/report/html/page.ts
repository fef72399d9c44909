import type { Node } from '../explain/view.js';
import type { Lang } from '../i18n.js';
import { keepAmounts } from './keep.js';
import { styleSheet } from './style.js';
import { type Html, html, type Part, toText } from './template.js';

// The document shell every report shares, and the small pieces the renderers repeat.

/**
 * A whole HTML document. The content security policy forbids scripts and every fetch, so even a
 * mistake elsewhere cannot make the file run code or reach the network when it is opened.
 */
export function documentHtml(lang: Lang, title: string, body: Html): string {
  return toText(html`<!DOCTYPE html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${title}</title>
<style>${styleSheet(lang)}</style>
</head>
<body>
<div class="paper">
${body}
</div>
</body>
</html>
`);
}

export function list(items: readonly string[], cls = 'list'): Html | '' {
  if (!items.length) return '';
  return html`<ul class="${cls}">${items.map((i) => html`<li>${keepAmounts(i)}</li>`)}</ul>`;
}

const MARKS = { pass: '✓', fail: '✗', missing: '?' } as const;

/** The explain view's lines, as nested lists with the ✓ ✗ ? marks of the text output. */
export function tree(nodes: readonly Node[], cls: 'tree' | 'steps' = 'tree'): Html | '' {
  if (!nodes.length) return '';
  const items = nodes.map(
    (n) => html`<li${n.mark ? html` class="marked"` : ''}>${n.mark ? html`<span class="mark ${n.mark}">${MARKS[n.mark]}</span>` : ''}${keepAmounts(n.text)}${n.children ? tree(n.children) : ''}</li>`,
  );
  return cls === 'steps' ? html`<ol class="steps">${items}</ol>` : html`<ul class="tree">${items}</ul>`;
}

/** A titled section, or nothing when it has nothing to say; the id lets tests and links find it. */
export function section(id: string, heading: string, content: Part, cls?: string): Html | '' {
  if (content === '' || content === undefined || content === null || content === false) return '';
  return html`<section id="${id}"${cls ? html` class="${cls}"` : ''}>
<h2>${heading}</h2>
${content}
</section>`;
}
