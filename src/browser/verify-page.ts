/**
 * The verify page in the browser. This part is small and loads with the page;
 * the verifier runs in a worker (verify-worker.ts) started when a verification
 * starts, and loads there only the checks the document's format needs (JSON-LD,
 * canonicalization and Ed25519 for OB 3.0 only).
 */
import type { BadgeSummary, Step, VerifyInput, VerifyResult } from '../lib/verify/types.ts';
import type { VerifyMessage, VerifyRequest } from './verify-worker.ts';
import type { Locale } from '../lib/content/schema.ts';
import type { LocalNames } from '../lib/verify/names.ts';
import { registryRows } from '../lib/verify/registry-display.ts';
import { setText, timeElement } from './page-text.ts';

type Strings = Record<string, string>;

let worker: Worker | undefined;

/** One verification in a fresh worker; a new one ends the one before (its steps would be stale). */
function verifyInWorker(
  request: VerifyRequest,
  onStep: (step: Step) => void,
): Promise<{ result: VerifyResult; dates: Record<string, string> }> {
  worker?.terminate();
  const current = new Worker(new URL('./verify-worker.ts', import.meta.url), { type: 'module' });
  worker = current;
  return new Promise((resolve, reject) => {
    const end = () => {
      current.terminate();
      if (worker === current) worker = undefined;
    };
    current.addEventListener('message', (event: MessageEvent<VerifyMessage>) => {
      const message = event.data;
      if (message.type === 'step') return onStep(message.step);
      end();
      if (message.type === 'done') resolve(message);
      else reject(new Error(message.error));
    });
    current.addEventListener('error', (event) => {
      end();
      reject(new Error(event.message || 'the verifier could not be loaded'));
    });
    current.postMessage(request);
  });
}

export function startVerifyPage(): void {
  const root = document.querySelector<HTMLElement>('[data-verify]');
  const stringsElement = document.getElementById('verify-strings');
  if (!root || !stringsElement) return;
  const strings = JSON.parse(stringsElement.textContent ?? '{}') as Strings;
  // This site's badge and issuer names in the page's language (pages in a language credentials are not written in).
  const names = JSON.parse(
    document.getElementById('verify-names')?.textContent ?? '{"badges":{},"issuers":{},"issuerName":{}}',
  ) as LocalNames;
  const s = (key: string) => strings[key] ?? key;
  const siteUrl = root.dataset.siteUrl!;
  const locale = root.dataset.locale as Locale;
  const form = root.querySelector<HTMLFormElement>('[data-verify-form]')!;
  const urlField = form.querySelector<HTMLInputElement>('#verify-url')!;
  const jsonField = form.querySelector<HTMLTextAreaElement>('#verify-json')!;
  const fileField = form.querySelector<HTMLInputElement>('#verify-file')!;
  const drop = form.querySelector<HTMLElement>('[data-drop]')!;
  const error = form.querySelector<HTMLElement>('[data-verify-error]')!;
  const result = root.querySelector<HTMLElement>('[data-verify-result]')!;
  const outcome = result.querySelector<HTMLElement>('[data-verify-outcome]')!;
  const outcomeNote = result.querySelector<HTMLElement>('[data-verify-outcome-note]')!;
  const stepList = result.querySelector<HTMLOListElement>('[data-verify-steps]')!;
  const card = result.querySelector<HTMLElement>('[data-verify-card]')!;
  const cardWarning = result.querySelector<HTMLElement>('[data-verify-card-warning]')!;
  const facts = result.querySelector<HTMLElement>('[data-verify-facts]')!;
  const awardLink = result.querySelector<HTMLElement>('[data-verify-award-link]')!;
  const registry = result.querySelector<HTMLElement>('[data-verify-registry]');
  const status = root.querySelector<HTMLElement>('[data-verify-status]')!;
  let running = 0;

  const showError = (message: string) => {
    error.textContent = message;
    error.hidden = !message;
  };

  const run = async (input: VerifyInput) => {
    const run = ++running;
    showError('');
    result.hidden = false;
    result.dataset.state = 'running';
    delete result.dataset.outcome;
    outcome.textContent = s('verify.running');
    status.textContent = s('verify.running');
    outcomeNote.textContent = '';
    stepList.replaceChildren();
    card.hidden = true;
    if (registry) registry.hidden = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const { result: verified, dates } = await verifyInWorker(
        { input, locale, options: { siteUrl, siteIssuerName: names.issuerName, log: true, registry: true } },
        (step) => {
          if (run !== running) return;
          const item = stepItem(step);
          stepList.append(item);
          status.textContent = item.textContent ?? '';
        },
      );
      if (run !== running) return;
      result.dataset.state = 'done';
      result.dataset.outcome = verified.outcome;
      outcome.textContent = s(`verify.outcome.${verified.outcome}`);
      outcomeNote.textContent = s(`verify.outcomeNote.${verified.outcome}`);
      if (verified.summary) showCard(verified.summary, verified.authentic, (v) => dates[v] ?? v);
      if (registry && verified.authentic) showRegistry(registry, verified.registry);
      status.textContent = `${outcome.textContent} ${outcomeNote.textContent}`;
      // Focus moves once, to the final outcome, after every step has been announced.
      outcome.focus();
    } catch (failure) {
      if (run !== running) return;
      result.dataset.state = 'error';
      outcome.textContent = s('verify.loadFailed');
      status.textContent = s('verify.loadFailed');
      console.error(failure);
    } finally {
      if (run === running) form.removeAttribute('aria-busy');
    }
  };

  const stepItem = (step: Step): HTMLLIElement => {
    const item = document.createElement('li');
    item.className = `verify-step verify-step--${step.status}`;
    item.dataset.step = step.id;
    item.dataset.status = step.status;
    const status = document.createElement('span');
    status.className = 'verify-step-status';
    status.textContent = s(`verify.stepStatus.${step.status}`);
    const title = document.createElement('strong');
    title.textContent = s(`verify.step.${step.id}`);
    const message = document.createElement('span');
    message.className = 'verify-step-message';
    setText(message, step.message[locale], locale);
    item.append(status, ' ', title, ' ', message);
    if (step.detail && step.status === 'failed') item.title = step.detail;
    return item;
  };

  const showCard = (summary: BadgeSummary, trusted: boolean, date: (value: string) => string) => {
    // A credential this site issued is named as the site names it in this language; any other, as it names itself.
    const own = (table: Record<string, string>, id: string | undefined) => (trusted && id ? table[id] : undefined);
    type Value = { text: string; date?: string } | undefined;
    const text = (value: string | undefined): Value => (value ? { text: value } : undefined);
    const dateValue = (value: string | undefined): Value => (value ? { text: date(value), date: value } : undefined);
    const rows: [string, Value][] = [
      ['verify.card.badge', text(own(names.badges, summary.badgeId) ?? summary.badgeName)],
      [
        'verify.card.recipient',
        text(summary.recipientName ?? (summary.format === 'ob2' ? s('verify.card.recipientHidden') : undefined)),
      ],
      ['verify.card.issuer', text(own(names.issuers, summary.issuerId) ?? summary.issuerName)],
      ['verify.card.issued', dateValue(summary.issuedOn)],
      ['verify.card.expires', dateValue(summary.expires)],
      ['verify.card.log', text(trusted ? logText(summary.log) : undefined)],
    ];
    facts.replaceChildren();
    for (const [key, value] of rows) {
      if (!value) continue;
      const row = document.createElement('div');
      const dt = document.createElement('dt');
      dt.textContent = s(key);
      const dd = document.createElement('dd');
      dd.dataset.field = key.slice('verify.card.'.length);
      if (value.date) dd.append(timeElement(value.date, value.text));
      else setText(dd, value.text, locale);
      row.append(dt, dd);
      facts.append(row);
    }
    // The link sits after the <dl>, not in it: a <dl> holds only term/description groups.
    const showLink = Boolean(summary.awardPage && trusted);
    awardLink.hidden = !showLink;
    awardLink.replaceChildren();
    if (showLink) {
      const link = document.createElement('a');
      link.href = summary.awardPage!;
      link.textContent = s('verify.card.awardPage');
      awardLink.append(link);
    }
    cardWarning.textContent = trusted ? '' : s('verify.card.unverified');
    cardWarning.hidden = trusted;
    card.hidden = facts.childElementCount === 0 && !showLink;
  };

  /** The registry facts of the outcome, as src/lib/verify/registry-display.ts reads them. */
  const showRegistry = (section: HTMLElement, facts: unknown) => {
    const { rows, entryUrl } = registryRows(facts, locale);
    section.hidden = rows.length === 0;
    const list = section.querySelector<HTMLElement>('[data-verify-registry-facts]')!;
    list.replaceChildren();
    for (const { key, value, link } of rows) {
      const dt = document.createElement('dt');
      dt.textContent = s(`verify.registry.${key}`);
      const dd = document.createElement('dd');
      dd.dataset.registry = key;
      if (link) {
        const anchor = document.createElement('a');
        anchor.href = value;
        anchor.textContent = value;
        dd.append(anchor);
      } else setText(dd, value, locale);
      const row = document.createElement('div');
      row.append(dt, dd);
      list.append(row);
    }
    // The page links the site's own entry file; the outcome names the file the facts came from.
    const entry = section.querySelector<HTMLAnchorElement>('[data-verify-registry-entry]');
    if (entry && entryUrl) entry.href = entryUrl;
  };

  /** The issuance log row: the credential's entry, its inclusion proof checked in this browser (src/lib/verify/log.ts). */
  const logText = (log: BadgeSummary['log']): string | undefined => {
    if (!log || log.status === 'no-log') return undefined;
    if (log.status !== 'found') return s(`verify.log.${log.status}`);
    const fill = (key: string, vars: Record<string, number>) =>
      s(key).replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name]));
    const { place } = log;
    return [
      fill('verify.log.found', { position: place.position, size: place.size }),
      place.supersededAt !== undefined ? fill('verify.log.superseded', { position: place.supersededAt }) : '',
      place.revoked ? fill('verify.log.revoked', { position: place.revoked.position }) : '',
    ]
      .filter(Boolean)
      .join(' ');
  };

  const runFile = async (file: File) => {
    urlField.value = '';
    jsonField.value = '';
    await run({ kind: 'bytes', bytes: new Uint8Array(await file.arrayBuffer()), name: file.name });
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const file = fileField.files?.[0];
    if (jsonField.value.trim()) void run({ kind: 'text', text: jsonField.value });
    else if (urlField.value.trim()) void run({ kind: 'url', url: new URL(urlField.value.trim(), location.href).href });
    else if (file) void runFile(file);
    else showError(s('verify.input.empty'));
  });
  fileField.addEventListener('change', () => {
    const file = fileField.files?.[0];
    if (file) void runFile(file);
  });
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('verify-drop--over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('verify-drop--over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('verify-drop--over');
    const file = event.dataTransfer?.files[0];
    if (file) void runFile(file);
  });

  // Deep link: /verify/?url=… checks at once.
  const linked = new URLSearchParams(location.search).get('url');
  if (linked) {
    urlField.value = linked;
    void run({ kind: 'url', url: new URL(linked, location.href).href });
  }
}
