/**
 * Text that readers see must read the way it is stored. Bidirectional
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069) can make "evil" display
 * as "live"; zero-width and other invisible format characters make two names
 * look identical while they differ; control characters break layouts and logs.
 *
 * Every string in the content is normalized to NFC (so "é" typed two ways is one
 * name) and refused when it holds such a character, with the character named.
 *
 * Allowed, because real text needs them:
 *  - tab, line feed and carriage return (multi-line descriptions and narratives);
 *  - ZERO WIDTH JOINER (U+200D) between two emoji, as in 👩‍💻 (emoji ZWJ sequences);
 *  - ZERO WIDTH NON-JOINER (U+200C) between two letters of a script that uses it
 *    for spelling (Arabic/Persian, Syriac, the Indic scripts);
 *  - emoji tag characters (U+E0020–U+E007F) inside a flag tag sequence after 🏴.
 * Everything else in the Unicode categories Cc, Cf, Cs, Co, Zl and Zp is refused,
 * and so are the noncharacters U+FFFE and U+FFFF.
 */

const CHARACTER_NAMES: Record<number, string> = {
  173: 'SOFT HYPHEN',
  1564: 'ARABIC LETTER MARK',
  8203: 'ZERO WIDTH SPACE',
  8204: 'ZERO WIDTH NON-JOINER',
  8205: 'ZERO WIDTH JOINER',
  8206: 'LEFT-TO-RIGHT MARK',
  8207: 'RIGHT-TO-LEFT MARK',
  8232: 'LINE SEPARATOR',
  8233: 'PARAGRAPH SEPARATOR',
  8234: 'LEFT-TO-RIGHT EMBEDDING',
  8235: 'RIGHT-TO-LEFT EMBEDDING',
  8236: 'POP DIRECTIONAL FORMATTING',
  8237: 'LEFT-TO-RIGHT OVERRIDE',
  8238: 'RIGHT-TO-LEFT OVERRIDE',
  8288: 'WORD JOINER',
  8294: 'LEFT-TO-RIGHT ISOLATE',
  8295: 'RIGHT-TO-LEFT ISOLATE',
  8296: 'FIRST STRONG ISOLATE',
  8297: 'POP DIRECTIONAL ISOLATE',
  65279: 'ZERO WIDTH NO-BREAK SPACE (byte order mark)',
};

const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}\uFFFE\uFFFF]/u;
const WHITESPACE_CONTROLS = new Set(['\t', '\n', '\r']);
const EMOJI_BEFORE_ZWJ = /(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F)$/u;
const EMOJI_AFTER_ZWJ = /^\p{Extended_Pictographic}/u;
const NON_JOINER_SCRIPTS =
  /^[\p{Script_Extensions=Arabic}\p{Script_Extensions=Syriac}\p{Script_Extensions=Devanagari}\p{Script_Extensions=Bengali}\p{Script_Extensions=Gurmukhi}\p{Script_Extensions=Gujarati}\p{Script_Extensions=Oriya}\p{Script_Extensions=Tamil}\p{Script_Extensions=Telugu}\p{Script_Extensions=Kannada}\p{Script_Extensions=Malayalam}\p{Script_Extensions=Sinhala}]$/u;
const isJoiningLetter = (char: string | undefined) => char !== undefined && NON_JOINER_SCRIPTS.test(char);
const FLAG_TAG_SEQUENCE = /\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}/gu;

export function describeCharacter(codePoint: number): string {
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = CHARACTER_NAMES[codePoint];
  return name ? `${hex} ${name}` : hex;
}

/** Why a string may not be shown as it is, or undefined when it is fine. */
export function unsafeTextReason(text: string): string | undefined {
  if (!FORBIDDEN.test(text)) return undefined;
  // Blank out well-formed flag tag sequences so their tag characters pass.
  const checked = text.replace(FLAG_TAG_SEQUENCE, (sequence) => '\u{1F3F4}'.padEnd(sequence.length, 'x'));
  const chars = Array.from(checked);
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (!FORBIDDEN.test(char) || WHITESPACE_CONTROLS.has(char)) continue;
    const before = chars.slice(0, i).join('');
    const after = chars.slice(i + 1).join('');
    if (char === '\u200d' && EMOJI_BEFORE_ZWJ.test(before) && EMOJI_AFTER_ZWJ.test(after)) continue;
    if (char === '\u200c' && isJoiningLetter(chars[i - 1]) && isJoiningLetter(chars[i + 1])) continue;
    const kind = /[\u202a-\u202e\u2066-\u2069]/.test(char)
      ? 'a bidirectional override or isolate, which can make the text read differently from what it is'
      : /\p{Cc}/u.test(char)
        ? 'a control character'
        : 'an invisible or formatting character';
    return `contains ${describeCharacter(char.codePointAt(0)!)} at character ${i + 1}: ${kind}; remove it`;
  }
  return undefined;
}

export interface TextProblem {
  path: (string | number)[];
  message: string;
}

/** Printable ASCII (and tab/line breaks): already NFC and free of anything refused. */
const PLAIN_ASCII = /^[\x20-\x7e\t\n\r]*$/;

/**
 * NFC-normalizes every string (values and keys) in parsed content data, and
 * lists the strings that hold characters that may not be shown. Returns a new
 * value; the input is not changed.
 */
export function normalizeTextTree(value: unknown, problems: TextProblem[]): unknown {
  const path: (string | number)[] = [];
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      if (PLAIN_ASCII.test(node)) return node;
      const reason = unsafeTextReason(node);
      if (reason) problems.push({ path: [...path], message: reason });
      return node.normalize('NFC');
    }
    if (Array.isArray(node)) {
      return node.map((item, i) => {
        path.push(i);
        const out = walk(item);
        path.pop();
        return out;
      });
    }
    if (node && typeof node === 'object' && Object.getPrototypeOf(node) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(node)) {
        path.push(key);
        const plainKey = PLAIN_ASCII.test(key);
        if (!plainKey) {
          const keyReason = unsafeTextReason(key);
          if (keyReason) problems.push({ path: [...path], message: `field name ${keyReason}` });
        }
        const item = walk((node as Record<string, unknown>)[key]);
        const normalizedKey = plainKey ? key : key.normalize('NFC');
        // A "__proto__" key must stay a plain (refused, unknown) field, not set the prototype.
        if (normalizedKey === '__proto__')
          Object.defineProperty(out, normalizedKey, {
            value: item,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        else out[normalizedKey] = item;
        path.pop();
      }
      return out;
    }
    return node;
  };
  return walk(value);
}
