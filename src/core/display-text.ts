/**
 * Names and topics come from other people (a guest types any name; a Teams topic is free text).
 * Bidirectional controls (U+202A–202E, U+2066–2069, U+061C, U+200E/F) can reorder what follows
 * them ("Bob\u202Eeci\u006C\u0041" shows as "BobAlice"), and zero-width or invisible characters make
 * two different names look the same. Before a name or topic is shown it goes through
 * `displayText`: those characters are removed, line breaks and other controls become spaces.
 * Emoji built with a zero-width joiner (👩‍💻) keep their joiner.
 */

/** Invisible formatting characters that a name never needs. */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/gu;
/** Controls and line/paragraph separators: a name is one line. */
const BREAKS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/gu;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;

/**
 * The text as it may be shown for a name or topic: no bidi controls, no invisible characters, one
 * line, trimmed.
 */
export function displayText(text: string): string {
  if (typeof text !== 'string') return text;
  const kept = text.replace(INVISIBLE, (char, offset: number) => (char === '\u200D' && joinsEmoji(text, offset) ? char : ''));
  return kept.replace(BREAKS, ' ').replace(/ {2,}/g, ' ').trim();
}

/** A ZWJ between two pictographs (optionally after a variation selector or skin tone) is part of an emoji. */
function joinsEmoji(text: string, offset: number): boolean {
  const before = Array.from(text.slice(Math.max(0, offset - 4), offset));
  let i = before.length - 1;
  while (i >= 0 && isEmojiModifier(before[i]!.codePointAt(0)!)) i--;
  const after = Array.from(text.slice(offset + 1, offset + 3))[0];
  return i >= 0 && PICTOGRAPH.test(before[i]!) && after !== undefined && PICTOGRAPH.test(after);
}

/** VS16 (emoji presentation) or a skin tone modifier. */
function isEmojiModifier(code: number): boolean {
  return code === 0xfe0f || (code >= 0x1f3fb && code <= 0x1f3ff);
}

/** Snapshot fields that hold a name or topic typed by someone else. */
const TEXT_KEYS = new Set(['displayName', 'senderDisplayName', 'speakerName', 'topic']);
/** Snapshot fields that hold a list of names. */
const LIST_KEYS = new Set(['names']);

/**
 * A copy of a snapshot (plain objects and arrays) with `displayText` applied to every name and
 * topic field, at any depth. Unchanged parts keep their identity, and so does the whole when
 * nothing needed cleaning. Other objects (class instances, elements) are left alone.
 */
export function cleanDisplayText<T>(value: T): T {
  return clean(value, 0) as T;
}

function clean(value: unknown, depth: number): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const next = clean(value[i], depth + 1);
      if (next !== value[i]) (out ??= value.slice())[i] = next;
    }
    return out ?? value;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const record = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const field = record[key];
    let next: unknown;
    if (typeof field === 'string') next = TEXT_KEYS.has(key) ? displayText(field) : field;
    else if (LIST_KEYS.has(key) && Array.isArray(field)) next = cleanStrings(field);
    else next = clean(field, depth + 1);
    if (next !== field) (out ??= { ...record })[key] = next;
  }
  return out ?? value;
}

function cleanStrings(list: unknown[]): unknown[] {
  let out: unknown[] | undefined;
  list.forEach((item, i) => {
    const next = typeof item === 'string' ? displayText(item) : item;
    if (next !== item) (out ??= list.slice())[i] = next;
  });
  return out ?? list;
}

/** Scripts written right to left (Unicode's strong R and AL characters). */
const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}]/u;
const LETTER = /\p{L}/u;

/**
 * The direction of a text from its first letter (the rule `dir="auto"` applies), computed here so it
 * follows the text whenever a row is reused for another message: Chromium does not always redo
 * `dir="auto"` when a recycled element's content is replaced. Undefined when there is no letter.
 */
export function textDirection(text: string): 'ltr' | 'rtl' | undefined {
  const first = LETTER.exec(text)?.[0];
  if (first === undefined) return undefined;
  return RTL_LETTER.test(first) ? 'rtl' : 'ltr';
}
