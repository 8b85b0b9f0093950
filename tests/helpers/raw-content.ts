/**
 * In-memory content for unit tests of the content model: a small valid set
 * that each test breaks in one place.
 */
import type { RawContent } from '../../src/lib/content/content-model.ts';

export function validRawContent(): RawContent {
  const exam = (id: string, code: string, extra: Record<string, unknown> = {}) => ({
    id,
    kind: 'exam',
    code,
    name: { ko: `${code} 시험`, en: `${code} exam` },
    description: { ko: '설명', en: 'Description' },
    criteria: { text: { ko: '합격', en: 'Pass' } },
    image: '/images/badges/exam.svg',
    ...extra,
  });
  return {
    issuer: {
      file: 'content/issuer.yaml',
      index: 0,
      data: {
        name: { ko: '발급 기관', en: 'Issuer' },
        description: { ko: '설명', en: 'Description' },
        url: 'https://issuer.example.org/',
        email: 'badges@issuer.example.org',
        logo: '/images/logo.svg',
        locales: ['ko', 'en'],
      },
    },
    rules: {
      file: 'content/program-rules.yaml',
      index: 0,
      // Readable award ids below (11111111-…): allowed for tests only.
      data: {
        exclusions: [{ codes: ['74-343'], reason: { ko: '제외', en: 'Excluded' } }],
        allowGuessableAwardIds: true,
      },
    },
    badgeClasses: [
      { file: 'content/certifications/x-100.yaml', index: 0, data: exam('x-100', 'X-100') },
      { file: 'content/certifications/x-200.yaml', index: 0, data: exam('x-200', 'X-200') },
      { file: 'content/certifications/x-201.yaml', index: 0, data: exam('x-201', 'X-201') },
      {
        file: 'content/certifications/legacy.yaml',
        index: 0,
        data: exam('old-343', '74-343', { status: 'retired', retiredOn: '2019-07-31' }),
      },
      {
        file: 'content/certifications/cert.yaml',
        index: 0,
        data: {
          id: 'cert-a',
          kind: 'certification',
          name: { ko: '인증 A', en: 'Certification A' },
          description: { ko: '설명', en: 'Description' },
          criteria: { url: 'https://issuer.example.org/cert-a' },
          image: '/images/badges/a.svg',
          requires: ['x-200', 'x-201'],
        },
      },
    ],
    awards: [
      {
        file: 'content/awards/batch.yaml',
        index: 0,
        data: {
          id: '11111111-1111-4111-8111-111111111111',
          recipient: { name: '김민지', email: 'minji@example.com' },
          badge: 'cert-a',
          issuedOn: '2025-03-01T09:00:00+09:00',
        },
      },
      {
        file: 'content/awards/batch.yaml',
        index: 1,
        data: {
          id: '22222222-2222-4222-8222-222222222222',
          recipient: { name: 'Alex', email: 'alex@example.com' },
          badge: 'x-100',
          issuedOn: '2025-03-01T09:00:00Z',
          expires: '2026-03-01T09:00:00Z',
        },
      },
    ],
  };
}

/** Deep-ish setter for a test's one defect: set(obj, 'recipient.email', 'x'). */
export function set(target: unknown, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = target as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  if (value === undefined) delete node[keys.at(-1)!];
  else node[keys.at(-1)!] = value;
}
