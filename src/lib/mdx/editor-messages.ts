/**
 * What the checks of editors' MDX pages say (safety, the same questions in
 * every language, curly quotes, components), in the editor's language: the
 * issuer's `editorLocale`, else its `defaultLocale` (content/issuer.yaml).
 * One table per language with the same entries; each message says what is
 * wrong and what to do. The file and line are added by the caller.
 */
import type { Issuer, Locale } from '../content/schema.ts';
import { textsFor } from '../locales/registry.ts';

export interface EditorMessages {
  esm(snippet: string): string;
  expression(snippet: string): string;
  rawHtml(snippet: string): string;
  unsafeUrl(url: string, scheme: string): string;
  fragment(): string;
  unknownComponent(name: string, components: string): string;
  unknownElement(name: string, components: string): string;
  spreadAttribute(name: string, snippet: string): string;
  expressionAttribute(name: string, attr: string, given: string): string;
  attributeWithoutValue(name: string, attr: string): string;
  eventHandler(name: string, attr: string): string;
  attributeNotAllowed(name: string, attr: string, allowed: string): string;
  urlAttribute(name: string, attr: string, why: string): string;
  invalidMdx(detail: string): string;
  curlyQuotes(attr: string, quote: string): string;
  certLinkNeedsId(): string;
  certLinkUnknown(id: string): string;
  questionNeedsId(given: string | undefined): string;
  questionDuplicate(id: string): string;
  questionNeedsText(id: string): string;
  missingQuestion(id: string, otherFile: string, otherLine: number, after: string | undefined): string;
}

const en: EditorMessages = {
  esm: (s) => `"${s}": import and export are code, and pages may not contain code`,
  expression: (s) => `"{${s}}": {…} is a JavaScript expression, and pages may not contain code (write the text itself)`,
  rawHtml: (s) => `raw HTML "${s}" is not allowed`,
  unsafeUrl: (url, scheme) =>
    `the address "${url}" uses ${scheme}:, which pages may not link to (use https:, mailto:, tel: or a path on the site)`,
  fragment: () => 'fragments (<>…</>) are not allowed',
  unknownComponent: (name, list) =>
    `<${name}> is not one of the page components (see docs/EDITORS.md: ${list}, and simple HTML such as <h2 id="…">)`,
  unknownElement: (name, list) =>
    `<${name}> is not an HTML element pages may use (see docs/EDITORS.md: ${list}, and simple HTML such as <h2 id="…">)`,
  spreadAttribute: (name, s) => `<${name} {${s}}>: spread attributes are code, and pages may not contain code`,
  expressionAttribute: (name, attr, given) =>
    `<${name} ${attr}=${given}>: attribute values in {…} are code; write the value in quotes (${attr}="…")`,
  attributeWithoutValue: (name, attr) => `<${name} ${attr}>: give the attribute a value in quotes (${attr}="…")`,
  eventHandler: (name, attr) => `<${name} ${attr}="…">: event handler attributes run script and are not allowed`,
  attributeNotAllowed: (name, attr, allowed) =>
    `<${name} ${attr}="…">: ${attr} is not an attribute <${name}> may have here (allowed: ${allowed || 'none'})`,
  urlAttribute: (name, attr, why) => `<${name} ${attr}="…">: ${why}`,
  invalidMdx: (detail) => `is not valid MDX: ${detail}`,
  curlyQuotes: (attr, quote) =>
    `${attr}=${quote}…: the value is in curly quotes (as word processors and phone keyboards type them); use straight quotes " instead of “ ” (${attr}="…")`,
  certLinkNeedsId: () => '<CertLink> needs id="…", the catalog id of a certification or exam',
  certLinkUnknown: (id) =>
    `<CertLink id="${id}">: no certification or exam with this id in the catalog (content/certifications/)`,
  questionNeedsId: (given) =>
    `<Question> needs id="…": a short, stable anchor of lower-case letters, digits and hyphens (e.g. id="claim-award")${given ? `, not "${given}"` : ''}`,
  questionDuplicate: (id) => `<Question id="${id}">: another question on this page already uses this anchor`,
  questionNeedsText: (id) => `<Question id="${id}"> needs q="…", the question as plain text`,
  missingQuestion: (id, otherFile, otherLine, after) =>
    `the question "${id}" is missing here: ${otherFile}:${otherLine} has it, and every language must ask the same questions. ` +
    `Add <Question id="${id}" q="…"> with the translation ${after ? `after the question "${after}"` : 'before the first question'} (same id), or remove it from ${otherFile}`,
};

const ko: EditorMessages = {
  esm: (s) => `"${s}": import와 export는 코드이며, 페이지에는 코드를 넣을 수 없습니다`,
  expression: (s) => `"{${s}}": {…}는 자바스크립트 식이며, 페이지에는 코드를 넣을 수 없습니다 (글을 그대로 쓰세요)`,
  rawHtml: (s) => `HTML "${s}"은(는) 쓸 수 없습니다`,
  unsafeUrl: (url, scheme) =>
    `주소 "${url}"은(는) ${scheme}:를 씁니다. 페이지에서는 이런 주소로 연결할 수 없습니다 (https:, mailto:, tel: 또는 사이트 안의 경로를 쓰세요)`,
  fragment: () => '프래그먼트(<>…</>)는 쓸 수 없습니다',
  unknownComponent: (name, list) =>
    `<${name}>은(는) 페이지 구성 요소가 아닙니다 (docs/EDITORS.md 참고: ${list}, 그리고 <h2 id="…"> 같은 간단한 HTML)`,
  unknownElement: (name, list) =>
    `<${name}>은(는) 페이지에 쓸 수 있는 HTML 요소가 아닙니다 (docs/EDITORS.md 참고: ${list}, 그리고 <h2 id="…"> 같은 간단한 HTML)`,
  spreadAttribute: (name, s) => `<${name} {${s}}>: 스프레드 속성은 코드이며, 페이지에는 코드를 넣을 수 없습니다`,
  expressionAttribute: (name, attr, given) =>
    `<${name} ${attr}=${given}>: {…} 안의 속성 값은 코드입니다. 값을 따옴표 안에 쓰세요 (${attr}="…")`,
  attributeWithoutValue: (name, attr) => `<${name} ${attr}>: 속성 값을 따옴표 안에 쓰세요 (${attr}="…")`,
  eventHandler: (name, attr) => `<${name} ${attr}="…">: 이벤트 처리 속성은 스크립트를 실행하므로 쓸 수 없습니다`,
  attributeNotAllowed: (name, attr, allowed) =>
    `<${name} ${attr}="…">: <${name}>에는 ${attr} 속성을 쓸 수 없습니다 (쓸 수 있는 속성: ${allowed || '없음'})`,
  urlAttribute: (name, attr, why) => `<${name} ${attr}="…">: ${why}`,
  invalidMdx: (detail) => `올바른 MDX가 아닙니다: ${detail}`,
  curlyQuotes: (attr, quote) =>
    `${attr}=${quote}…: 값이 둥근 따옴표(워드프로세서나 휴대전화 키보드가 넣는 따옴표) 안에 있습니다. “ ” 대신 곧은 따옴표 "를 쓰세요 (use straight quotes " instead of “ ”: ${attr}="…")`,
  certLinkNeedsId: () => '<CertLink>에는 id="…"가 필요합니다: 자격증이나 시험의 카탈로그 id',
  certLinkUnknown: (id) =>
    `<CertLink id="${id}">: 카탈로그(content/certifications/)에 이 id의 자격증이나 시험이 없습니다`,
  questionNeedsId: (given) =>
    `<Question>에는 id="…"가 필요합니다: 영문 소문자, 숫자, 하이픈으로 된 짧고 바뀌지 않는 앵커 (예: id="claim-award")${given ? `. "${given}"은(는) 쓸 수 없습니다` : ''}`,
  questionDuplicate: (id) => `<Question id="${id}">: 이 페이지의 다른 질문이 이미 이 앵커를 씁니다`,
  questionNeedsText: (id) => `<Question id="${id}">에는 q="…"가 필요합니다: 질문을 일반 텍스트로`,
  missingQuestion: (id, otherFile, otherLine, after) =>
    `질문 "${id}"이(가) 이 파일에 없습니다: ${otherFile}:${otherLine}에는 있으며, 모든 언어가 같은 질문을 해야 합니다. ` +
    `${after ? `질문 "${after}" 다음에` : '첫 질문 앞에'} 번역한 <Question id="${id}" q="…">를 넣거나 (같은 id), ${otherFile}에서 지우세요`,
};

/** Editors' check messages exist in Korean and English; other languages read the English ones. */
export const EDITOR_MESSAGES: Readonly<Partial<Record<Locale, EditorMessages>> & { en: EditorMessages }> = { ko, en };

export function editorMessages(locale: Locale = 'en'): EditorMessages {
  return textsFor(EDITOR_MESSAGES, locale);
}

/** The language editors read the checks' messages in: the issuer's `editorLocale`, else its `defaultLocale`. */
export function editorLocaleOf(issuer: Pick<Issuer, 'defaultLocale' | 'editorLocale'>): Locale {
  return issuer.editorLocale ?? issuer.defaultLocale;
}
