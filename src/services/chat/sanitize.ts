/**
 * Teams message HTML → a small, safe subset. Two DOMPurify passes with an allow-list: the first
 * keeps what Teams sends that we can use (mentions, inline-image markers), a DOM walk rewrites it
 * into our own shapes, and the second pass allows only those shapes. Everything else is dropped
 * (its text kept where that is harmless). No style, no event handler, no URL but https/mailto links.
 */
import DOMPurify from 'dompurify';
import type { Config } from 'dompurify';

export interface SanitizedHtml {
  /** Safe HTML: p, br, b, strong, i, em, u, s, ul, ol, li, blockquote, code, pre, span, a. */
  html: string;
  /** The visible text (paragraphs and line breaks as newlines). */
  text: string;
  /** Teams inline images, in order; each is a `span.acs-inline-image[data-image-id]` placeholder. */
  images: { id: string }[];
}

const TEXT_TAGS: string[] = ['p', 'br', 'b', 'strong', 'i', 'em', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'span', 'a'];
const SAFE_URL = /^(?:https:|mailto:)/i;
const MENTION_TYPE = 'http://schema.skype.com/Mention';
const IMAGE_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const BLOCKS = new Set(['p', 'li', 'blockquote', 'pre', 'div', 'ol', 'ul']);

type Purifier = ReturnType<typeof DOMPurify>;
let purifiers: { first: Purifier; second: Purifier } | undefined;

/**
 * Our own instances, so the page's DOMPurify configuration and hooks never mix with ours: one per
 * pass, each with its configuration set once (DOMPurify otherwise re-parses the configuration on
 * every call, a good part of the cost for short messages).
 */
function getPurifiers(): { first: Purifier; second: Purifier } {
  if (!purifiers) {
    const first = DOMPurify(window);
    first.setConfig(FIRST_PASS);
    const second = DOMPurify(window);
    second.setConfig(SECOND_PASS);
    purifiers = { first, second };
  }
  return purifiers;
}

/** The first pass: what Teams sends that the rewrite step understands. */
const FIRST_PASS: Config & { RETURN_DOM_FRAGMENT: true } = {
  ALLOWED_TAGS: [...TEXT_TAGS, 'img', 'msft-mention', 'div'],
  ALLOWED_ATTR: ['href', 'id', 'itemscope', 'itemtype', 'itemid'],
  // DOMPurify checks every non-"URI-safe" attribute value against the URL pattern: these are not URLs.
  ADD_URI_SAFE_ATTR: ['itemscope', 'itemtype', 'itemid'],
  ALLOWED_URI_REGEXP: SAFE_URL,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  SANITIZE_DOM: true,
  KEEP_CONTENT: true,
  RETURN_DOM_FRAGMENT: true,
};

/** The second pass: only the shapes the rewrite produced. */
const SECOND_PASS: Config & { RETURN_DOM_FRAGMENT: true } = {
  ALLOWED_TAGS: TEXT_TAGS,
  ALLOWED_ATTR: ['href', 'class', 'data-image-id'],
  ADD_URI_SAFE_ATTR: ['data-image-id'],
  ALLOWED_URI_REGEXP: SAFE_URL,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  KEEP_CONTENT: true,
  RETURN_DOM_FRAGMENT: true,
};

function isSafeHref(href: string | null): href is string {
  if (!href) return false;
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'mailto:';
  } catch {
    return false;
  }
}

function unwrap(element: Element): void {
  element.replaceWith(...Array.from(element.childNodes));
}

function clearAttributes(element: Element): void {
  for (const name of element.getAttributeNames()) element.removeAttribute(name);
}

function rewrite(fragment: DocumentFragment, images: { id: string }[]): void {
  const doc = fragment.ownerDocument;
  // Snapshot first: the loop replaces nodes.
  for (const element of Array.from(fragment.querySelectorAll('*'))) {
    const tag = element.localName;
    if (tag === 'a') {
      const href = element.getAttribute('href');
      if (!isSafeHref(href)) {
        unwrap(element);
        continue;
      }
      clearAttributes(element);
      element.setAttribute('href', href);
      element.setAttribute('target', '_blank');
      element.setAttribute('rel', 'noopener noreferrer');
    } else if (tag === 'img') {
      const id = element.getAttribute('id') ?? '';
      if (element.hasAttribute('itemscope') && IMAGE_ID.test(id)) {
        const placeholder = doc.createElement('span');
        placeholder.className = 'acs-inline-image';
        placeholder.setAttribute('data-image-id', id);
        element.replaceWith(placeholder);
        images.push({ id });
      } else {
        element.remove();
      }
    } else if (tag === 'msft-mention') {
      const mention = doc.createElement('span');
      mention.className = 'mention';
      mention.append(...Array.from(element.childNodes));
      element.replaceWith(mention);
    } else if (tag === 'span') {
      const mention = element.getAttribute('itemtype') === MENTION_TYPE;
      clearAttributes(element);
      if (mention) element.className = 'mention';
    } else if (tag === 'div') {
      unwrap(element);
    } else {
      clearAttributes(element);
    }
  }
}

function textOf(node: Node): string {
  let out = '';
  const walk = (current: Node): void => {
    for (const child of Array.from(current.childNodes)) {
      if (child.nodeType === Node.TEXT_NODE) out += child.textContent ?? '';
      else if (child instanceof Element) {
        if (child.localName === 'br') out += '\n';
        else {
          walk(child);
          if (BLOCKS.has(child.localName) && !out.endsWith('\n')) out += '\n';
        }
      }
    }
  };
  walk(node);
  return out.replace(/\n{3,}/g, '\n\n').trim();
}

/** Sanitizes Teams message HTML (see the module comment). Never throws; bad input gives ''. */
export function sanitizeTeamsHtml(input: string): SanitizedHtml {
  const { first, second } = getPurifiers();
  const images: { id: string }[] = [];
  // (With setConfig, DOMPurify ignores the config argument; it is passed for the return type.)
  const fragment = first.sanitize(String(input ?? ''), FIRST_PASS);
  rewrite(fragment, images);
  const text = textOf(fragment);
  const container = fragment.ownerDocument.createElement('div');
  container.append(fragment);
  const clean = second.sanitize(container.innerHTML, SECOND_PASS);
  // Links open in a new tab without access to this page (set after the pass: constant values).
  for (const link of Array.from(clean.querySelectorAll('a'))) {
    if (!isSafeHref(link.getAttribute('href'))) {
      unwrap(link);
      continue;
    }
    link.setAttribute('target', '_blank');
    link.setAttribute('rel', 'noopener noreferrer');
  }
  const out = clean.ownerDocument.createElement('div');
  out.append(clean);
  return { html: out.innerHTML, text, images };
}
