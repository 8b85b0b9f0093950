/**
 * Interface strings, one table per locale, and locale-aware formatting.
 * Content text (names, descriptions) is localized in the content files;
 * everything the site itself says comes from here.
 */
import type { Locale } from './schema.ts';

const ko = {
  'site.skipToContent': '본문으로 건너뛰기',
  'nav.home': '홈',
  'nav.certifications': '인증과 시험',
  'nav.retired': '중단된 인증',
  'nav.verify': '배지 검증',
  'nav.faq': '자주 묻는 질문',
  'nav.claimGuide': '배지 신청 안내',
  'nav.language': '언어',
  'award.issuedTo': '수여 대상',
  'award.issuedBy': '발급 기관',
  'award.issuedOn': '발급일',
  'award.expires': '만료일',
  'award.expired': '만료됨',
  'award.noExpiry': '만료 없음',
  'award.status': '상태',
  'award.status.valid': '유효',
  'award.status.expired': '만료됨',
  'award.status.revoked': '취소됨',
  'award.statusNote.valid': '이 배지는 유효합니다.',
  'award.statusNote.expired': '이 배지는 {date}에 만료되었습니다. 만료 전에는 유효한 배지였습니다.',
  'award.statusNote.revoked': '발급 기관이 {date}에 이 배지를 취소했습니다.',
  'award.revocationReason': '취소 사유',
  'award.retired': '이 {kind}은(는) {date}에 중단되었습니다. 중단 전에 취득한 배지는 계속 유효하며 공유할 수 있습니다.',
  'award.stateAsOf': '{date} 기준 상태입니다. 현재 상태는 검증 페이지에서 확인할 수 있습니다.',
  'award.criteria': '취득 기준',
  'award.criteriaLink': '취득 기준 자세히 보기',
  'award.skills': '기술',
  'award.requires': '필요한 시험',
  'award.requiresOneOf': '다음 중 하나',
  'award.evidence': '증빙',
  'award.evidenceLink': '증빙 자료 보기',
  'award.aboutBadge': '이 배지에 대하여',
  'award.certificationPage': '{name} 안내 페이지',
  'award.badgeImageAlt': '{name} 배지',
  'kind.certification': '인증',
  'kind.exam': '시험',
  'level.fundamentals': '기초',
  'level.associate': '어소시에이트',
  'level.expert': '엑스퍼트',
  'level.specialty': '스페셜티',
  'catalog.title': '인증과 시험',
  'catalog.intro': '배지가 발급되는 현재 인증과 시험입니다.',
  'catalog.retiredTitle': '중단된 인증과 시험',
  'catalog.retiredIntro': '더 이상 취득할 수 없는 인증과 시험입니다. 중단 전에 받은 배지는 계속 유효합니다.',
  'catalog.retiredOn': '{date} 중단',
  'catalog.noBadge': '배지 없음',
  'catalog.hasBadge': '배지 발급',
  'catalog.code': '코드',
  'catalog.level': '수준',
  'catalog.awardsPublished': '공개된 배지 {count}개',
  'cert.noBadge.excluded': '이 항목에는 배지가 발급되지 않습니다.',
  'cert.noBadge.single-exam-certification': '이 시험은 단일 시험 인증의 요건이므로, 합격하면 시험 배지 대신 {name} 배지가 발급됩니다.',
  'cert.noBadge.retired-without-badge': '이 항목은 배지 없이 중단되었습니다.',
  'home.title': '디지털 배지와 인증 검증',
  'home.intro': '{issuer}이(가) 발급한 배지는 누구나 이 사이트에서 진위와 유효 여부를 확인할 수 있습니다.',
  'home.browse': '인증과 시험 둘러보기',
  'home.verify': '받은 배지 검증하기',
  'notFound.title': '페이지를 찾을 수 없습니다',
  'notFound.body': '주소가 바뀌었거나, 비공개로 설정된 배지일 수 있습니다.',
  'footer.contact': '문의',
};
type Key = keyof typeof ko;
const en: Record<Key, string> = {
  'site.skipToContent': 'Skip to content',
  'nav.home': 'Home',
  'nav.certifications': 'Certifications and exams',
  'nav.retired': 'Retired',
  'nav.verify': 'Verify a badge',
  'nav.faq': 'FAQ',
  'nav.claimGuide': 'Claim guide',
  'nav.language': 'Language',
  'award.issuedTo': 'Issued to',
  'award.issuedBy': 'Issued by',
  'award.issuedOn': 'Issued',
  'award.expires': 'Expires',
  'award.expired': 'Expired',
  'award.noExpiry': 'Does not expire',
  'award.status': 'Status',
  'award.status.valid': 'Valid',
  'award.status.expired': 'Expired',
  'award.status.revoked': 'Revoked',
  'award.statusNote.valid': 'This badge is valid.',
  'award.statusNote.expired': 'This badge expired on {date}. It was valid until then.',
  'award.statusNote.revoked': 'The issuer revoked this badge on {date}.',
  'award.revocationReason': 'Reason',
  'award.retired': 'This {kind} was retired on {date}. Badges earned before then remain valid and can be shared.',
  'award.stateAsOf': 'Status as of {date}. The verify page checks the current status.',
  'award.criteria': 'Criteria',
  'award.criteriaLink': 'Full criteria',
  'award.skills': 'Skills',
  'award.requires': 'Required exams',
  'award.requiresOneOf': 'one of',
  'award.evidence': 'Evidence',
  'award.evidenceLink': 'View evidence',
  'award.aboutBadge': 'About this badge',
  'award.certificationPage': 'About {name}',
  'award.badgeImageAlt': '{name} badge',
  'kind.certification': 'certification',
  'kind.exam': 'exam',
  'level.fundamentals': 'Fundamentals',
  'level.associate': 'Associate',
  'level.expert': 'Expert',
  'level.specialty': 'Specialty',
  'catalog.title': 'Certifications and exams',
  'catalog.intro': 'Current certifications and exams that carry a badge.',
  'catalog.retiredTitle': 'Retired certifications and exams',
  'catalog.retiredIntro': 'These can no longer be earned. Badges awarded before retirement stay valid.',
  'catalog.retiredOn': 'Retired {date}',
  'catalog.noBadge': 'No badge',
  'catalog.hasBadge': 'Badge',
  'catalog.code': 'Code',
  'catalog.level': 'Level',
  'catalog.awardsPublished': '{count} public badges',
  'cert.noBadge.excluded': 'No badge is issued for this entry.',
  'cert.noBadge.single-exam-certification': 'This exam is the requirement of a single-exam certification: passing it earns the {name} badge instead of an exam badge.',
  'cert.noBadge.retired-without-badge': 'This entry was retired without a badge.',
  'home.title': 'Digital badges, verifiable by anyone',
  'home.intro': 'Anyone can check here that a badge issued by {issuer} is genuine and current.',
  'home.browse': 'Browse certifications and exams',
  'home.verify': 'Verify a badge you received',
  'notFound.title': 'Page not found',
  'notFound.body': 'The address may have changed, or the badge may be private.',
  'footer.contact': 'Contact',
};

export const messages: Record<Locale, Record<Key, string>> = { ko, en };
export type MessageKey = Key;

/** Looks up an interface string and fills `{name}` placeholders. */
export function t(locale: Locale, key: Key, vars: Record<string, string | number> = {}): string {
  return messages[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** A date as readers of the locale expect it; the award's own time zone is kept
 * when the value carries one, so "issued on the 14th" never shifts a day. */
export function formatDate(locale: Locale, value: string): string {
  const offset = /([+-]\d\d):?(\d\d)$/.exec(value);
  const timeZone = offset ? `${offset[1]}:${offset[2]}` : 'UTC';
  const key = `${locale}|${timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-GB', { dateStyle: 'long', timeZone });
    dateFormats.set(key, format);
  }
  return format.format(new Date(value.length === 10 ? `${value}T00:00:00Z` : value));
}
