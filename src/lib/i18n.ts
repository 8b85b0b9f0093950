/**
 * Interface strings, one table per locale, and locale-aware formatting.
 * Content text (names, descriptions) is localized in the content files;
 * everything the site itself says comes from here.
 */
import { josa } from 'es-hangul';
import type { Locale } from './content/schema.ts';

const ko = {
  'site.skipToContent': '본문으로 건너뛰기',
  'nav.home': '홈',
  'nav.certifications': '인증과 시험',
  'nav.retired': '중단된 인증',
  'nav.verify': '배지 검증',
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
  'award.statusNote.revokedLive': '발급 기관이 이 배지를 취소했습니다.',
  'award.statusChecked':
    '방금({time}) 발급 기관의 취소 목록과 만료일로 상태를 확인했습니다. 서명까지 확인하려면 검증 페이지를 쓰세요.',
  'award.statusCheckFailed':
    '지금은 취소 목록을 확인하지 못했습니다. 표시된 상태는 이 페이지를 게시할 때의 상태입니다.',
  'award.tools': '수여자를 위한 도구',
  'award.toolsHelp': '이 배지를 받은 분이 배지를 알리고 보관하는 방법입니다.',
  'award.revocationReason': '취소 사유',
  'award.retired': '이 {kind}은(는) {date}에 중단되었습니다. 중단 전에 취득한 배지는 계속 유효하며 공유할 수 있습니다.',
  'award.stateAsOf': '이 페이지를 게시할 때의 상태입니다. 현재 상태는 검증 페이지에서 확인할 수 있습니다.',
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
  'cert.noBadge.single-exam-certification':
    '이 시험은 단일 시험 인증의 요건이므로, 합격하면 시험 배지 대신 {name} 배지가 발급됩니다.',
  'cert.noBadge.retired-without-badge': '이 항목은 배지 없이 중단되었습니다.',
  'home.title': '디지털 배지와 인증 검증',
  'home.intro': '{issuer}이(가) 발급한 배지는 누구나 이 사이트에서 진위와 유효 여부를 확인할 수 있습니다.',
  'home.browse': '인증과 시험 둘러보기',
  'home.verify': '받은 배지 검증하기',
  'notFound.title': '페이지를 찾을 수 없습니다',
  'notFound.body': '주소가 바뀌었거나, 비공개로 설정된 배지일 수 있습니다.',
  'page.fallbackNotice': '이 페이지는 아직 한국어로 번역되지 않아 {language} 원문을 보여 드립니다.',
  'language.self': '한국어',
  'language.ko': '한국어',
  'language.en': '영어',
  'faq.linkToQuestion': '이 질문으로 바로 가는 링크: {question}',
  'table.scrollRegion': '표 (옆으로 스크롤할 수 있습니다)',
  'profile.title': '{name} 님의 배지',
  'profile.description':
    '{name} 님이 {issuer}에서 받은 공개 배지 {count}개. 배지마다 누구나 진위와 유효 여부를 확인할 수 있습니다.',
  'profile.count': '공개 배지 {count}개',
  'profile.help': '{name} 님이 직접 만든 페이지입니다. 배지를 누르면 자세한 내용과 검증 방법이 나옵니다.',
  'profile.cardFacts': '공개 배지 {count}개',
  'profile.link': '{name} 님의 다른 배지 보기',
  // Site pages other than award pages: link previews.
  'card.siteFacts': '배지 검증 · 인증과 시험 안내',
  'meta.siteImageAlt': '{issuer} 디지털 배지 사이트 카드',
  'callout.note': '참고',
  'callout.tip': '도움말',
  'callout.warning': '주의',
  'video.play': '여기에서 동영상 재생',
  'video.privacy': '재생을 누르면 {host}에서 동영상을 불러옵니다. 그 전에는 {host}에 아무것도 요청하지 않습니다.',
  'video.open': '{host}에서 보기',
  'eligibility.caption.no-badge': '배지가 발급되지 않는 시험과 인증',
  'eligibility.caption.retired': '중단된 시험과 인증',
  'eligibility.name': '이름',
  'eligibility.reason': '배지가 없는 이유',
  'eligibility.retiredOn': '중단일',
  'eligibility.badges': '배지',
  'eligibility.retiredKeepsBadge': '이미 받은 배지는 계속 유효',
  'eligibility.empty': '해당하는 항목이 없습니다.',
  'footer.contact': '문의',
  'claim.title': '배지 받기',
  'claim.intro': '이메일로 받은 링크로 이 페이지를 열었다면, 아래에서 배지를 확인하고 받을 방법을 고르세요.',
  'claim.preview.title': '받을 배지',
  'claim.preview.recipient': '받는 사람',
  'claim.preview.badge': '배지',
  'claim.preview.issuedOn': '발급일',
  'claim.preview.note': '위 내용은 링크에 담긴 정보이며, 고르기 전까지 이 브라우저 밖으로 나가지 않습니다.',
  'claim.choice.legend': '어떻게 받을까요?',
  'claim.choice.public': '받고 공개하기',
  'claim.choice.publicHint': '배지 페이지가 공개되어 링크를 공유하거나 LinkedIn 프로필에 추가할 수 있습니다.',
  'claim.choice.private': '받되 비공개로 두기',
  'claim.choice.privateHint':
    '배지는 받지만 공개 페이지는 만들지 않습니다. 나중에 발급 기관에 요청해 공개할 수 있습니다.',
  'claim.mail.note': '고르면 {email} 앞으로 미리 작성된 이메일이 열립니다. 그대로 보내면 신청이 끝납니다.',
  'claim.mail.subject': '배지 수령 신청',
  'claim.missing': '이 페이지는 배지 안내 이메일의 수령 링크로 열어야 합니다. 이메일의 링크를 눌러 다시 열어 주세요.',
  'claim.broken':
    '수령 링크가 잘렸거나 손상되었습니다. 이메일에서 링크 전체를 다시 열거나 복사해 주세요. 계속 안 되면 발급 기관에 문의하세요.',
  'claim.noscript':
    '이 페이지는 JavaScript가 필요합니다. 브라우저에서 JavaScript를 켜거나 발급 기관에 이메일로 문의하세요.',
  'claim.sent': '고맙습니다. 선택이 전달되었습니다. 발급 기관이 확인하면 배지가 반영됩니다.',
  'claim.inbox.accepted': '신청을 받았습니다',
  'claim.inbox.acceptedBody':
    '배지 수령 신청이 접수되었습니다. 발급 기관이 반영하면 배지가 처리됩니다. 이 창은 닫아도 됩니다.',
  'claim.inbox.refused': '신청을 처리할 수 없습니다',
  'claim.inbox.refusedBody':
    '링크가 올바르지 않거나 이미 처리된 배지입니다. 이메일의 링크를 다시 열어 보고, 계속 안 되면 발급 기관에 문의하세요.',
  'claim.inbox.back': '사이트로 돌아가기',
  // Claim flow hardening (session 8): inbox replies, preview labels, what happens after a choice.
  'claim.inbox.already': '이미 받은 신청입니다',
  'claim.inbox.alreadyBody':
    '이 배지에 대한 같은 선택이 이미 접수되어 있습니다. 더 할 일은 없습니다. 이 창은 닫아도 됩니다.',
  'claim.inbox.tooMany': '시도가 너무 많습니다',
  'claim.inbox.tooManyBody':
    '짧은 시간에 신청이 너무 많이 들어왔습니다. 몇 분 뒤에 이메일의 링크를 다시 열어 시도해 주세요.',
  'claim.inbox.next.public':
    '다음 단계: 발급 기관이 신청을 반영하면 배지 페이지가 공개되고, 그 주소를 이메일로 알려 드립니다.',
  'claim.inbox.next.private':
    '다음 단계: 발급 기관이 신청을 반영하면 배지는 수령한 것으로 기록되고, 공개 페이지는 만들지 않습니다.',
  // Claims published by the host function (issue 26): when the badge goes live, and the manage link.
  'claim.live.minutes': '보통 {minutes}분 안에 사이트에 반영됩니다.',
  'claim.manage.title': '배지 공개 설정 바꾸기',
  'claim.manage.intro': '받은 배지를 공개하거나 비공개로 바꾸거나, 발급 기관에 이름 정정을 요청할 수 있습니다.',
  'claim.manage.public': '공개로 바꾸기',
  'claim.manage.private': '비공개로 바꾸기',
  'claim.manage.nameLegend': '이름 정정 요청',
  'claim.manage.nameLabel': '배지에 적혀야 할 이름',
  'claim.manage.nameButton': '정정 요청 보내기',
  'claim.inbox.next.name': '다음 단계: 발급 기관이 요청을 확인해 이름을 바로잡으면, 다음 게시 때 배지에 반영됩니다.',
  'claim.preview.asGiven': '(링크에 적힌 대로)',
  'claim.badDate':
    '이 수령 링크의 발급일("{date}")은 있을 수 없는 날짜입니다. 링크가 바뀌었거나 손상되었습니다. 이메일에서 링크 전체를 다시 열고, 계속 안 되면 발급 기관에 문의하세요.',
  'claim.chosen.public':
    '"받고 공개하기"를 골랐습니다. {email} 앞으로 보낼 이메일이 열렸을 것입니다. 그대로 보내면 신청이 끝납니다.',
  'claim.chosen.private':
    '"받되 비공개로 두기"를 골랐습니다. {email} 앞으로 보낼 이메일이 열렸을 것입니다. 그대로 보내면 신청이 끝납니다.',
  'claim.copy.intro':
    '이메일 앱이 열리지 않았다면 아래 내용을 복사해 본인 이메일에서 {email} 앞으로 보내 주세요. 제목은 "{subject}"로 하면 됩니다.',
  'claim.copy.label': '보낼 내용',
  'claim.copy.button': '내용 복사',
  'claim.copy.done': '복사했습니다.',
  'claim.copy.failed': '복사하지 못했습니다. 내용을 선택해 직접 복사하세요.',
  'claim.mail.sentence.public':
    '안녕하세요. 「{badge}」 배지를 받고, 공개 배지 페이지로 게시하기를 원합니다. 아래 줄은 신청을 확인하는 데 쓰이니 바꾸지 말아 주세요.',
  'claim.mail.sentence.private':
    '안녕하세요. 「{badge}」 배지를 받되, 공개 페이지 없이 비공개로 두기를 원합니다. 아래 줄은 신청을 확인하는 데 쓰이니 바꾸지 말아 주세요.',
  'verify.title': '배지 검증',
  'verify.intro':
    '이 사이트에서 발급한 배지가 진짜인지, 지금도 유효한지 브라우저에서 바로 확인합니다. 입력한 내용은 어디에도 전송되지 않습니다.',
  'verify.input.legend': '검증할 배지',
  'verify.input.url': '배지 주소',
  'verify.input.urlHint': '배지 페이지 주소 또는 credential.json 주소',
  'verify.input.paste': '배지 JSON 붙여넣기',
  'verify.input.pasteHint': 'Open Badges 3.0 자격 증명 또는 2.0 어설션 JSON',
  'verify.input.file': '배지 이미지 파일',
  'verify.input.fileHint': '배지 정보가 담긴 PNG 또는 SVG 파일을 끌어다 놓거나 선택하세요.',
  'verify.input.submit': '검증',
  'verify.input.empty': '배지 주소, JSON 또는 파일 중 하나를 입력하세요.',
  'verify.running': '검증 중…',
  'verify.loadFailed': '검증 도구를 불러오지 못했습니다. 페이지를 새로 고친 뒤 다시 시도하세요.',
  'verify.steps': '검증 단계',
  'verify.outcome.verified': '검증됨',
  'verify.outcome.not-verified': '검증 실패',
  'verify.outcome.warning': '주의',
  'verify.outcomeNote.verified': '이 배지는 진짜이며 현재 유효합니다.',
  'verify.outcomeNote.not-verified': '이 배지는 검증되지 않았습니다. 실패한 단계를 확인하세요.',
  'verify.outcomeNote.warning': '배지는 진짜이지만 일부 항목을 확인하지 못했습니다.',
  'verify.card.recipient': '수여 대상',
  'verify.card.recipientHidden': '이메일 해시로만 표시됨',
  'verify.card.badge': '배지',
  'verify.card.issuer': '발급 기관',
  'verify.card.issued': '발급일',
  'verify.card.expires': '만료일',
  'verify.card.awardPage': '배지 페이지 보기',
  'verify.card.title': '배지에 적힌 내용',
  'verify.card.unverified':
    '검증되지 않은 배지입니다. 아래 내용은 배지에 적힌 그대로이며 사실임이 확인되지 않았습니다.',
  'verify.card.log': '공개 발급 로그',
  'verify.log.found': '항목 {position}: 서명된 체크포인트(항목 {size}개)에 대한 포함 증명을 브라우저에서 확인했습니다',
  'verify.log.revoked': '취소도 로그에 있습니다(항목 {position}).',
  'verify.log.superseded': '같은 수여의 정정본이 나중에 기록되었습니다(항목 {position}).',
  'verify.log.absent': '이 자격 증명은 사이트의 공개 발급 로그에 없습니다.',
  'verify.log.failed': '공개 발급 로그를 확인할 수 없습니다.',
  'verify.input.or': '또는',
  'verify.button': '이 배지 검증하기',
  'verify.stepStatus.passed': '통과',
  'verify.stepStatus.failed': '실패',
  'verify.stepStatus.warning': '주의',
  'verify.stepStatus.skipped': '건너뜀',
  'verify.step.format': '배지 형식',
  'verify.step.signature': '전자 서명',
  'verify.step.issuer': '발급 기관',
  'verify.step.status': '취소 여부',
  'verify.step.validity': '유효 기간',
  'verify.step.hosted': '발급 기관 사본',
  'verify.format.ob3': 'Open Badges 3.0 자격 증명이며 형식이 올바릅니다.',
  'verify.format.ob2': 'Open Badges 2.0 어설션이며 형식이 올바릅니다.',
  'verify.format.ob2Revoked': '발급 기관이 이 Open Badges 2.0 배지를 취소했다는 문서입니다.',
  'verify.format.notJson': '입력한 내용이 JSON이 아닙니다. 배지 JSON, 배지 주소 또는 배지 이미지를 입력하세요.',
  'verify.format.notBadge': '배지가 아닙니다: 이 파일이나 문서에서 배지 정보를 찾지 못했습니다.',
  'verify.format.tooDeep': '배지가 아닙니다: JSON이 {limit}단계보다 깊게 중첩되어 있어 검사하지 않았습니다.',
  'verify.format.missing': '배지 형식이 잘못되었습니다: {field} 항목이 없거나 올바르지 않습니다.',
  'verify.format.offSite':
    '이 주소는 이 사이트({site})에 있지 않습니다. 여기서는 이 사이트가 발급한 배지만 검증합니다.',
  'verify.format.fetchFailed': '{url}을(를) 불러오지 못했습니다({detail}).',
  'verify.signature.passed': '서명이 유효합니다(Ed25519, eddsa-rdfc-2022, 증명 {count}개 모두 확인). 서명 키: {key}',
  'verify.signature.failed':
    '서명이 유효하지 않습니다(증명 {count}개 중 {proof}번째). 서명 후 내용이 바뀌었거나 다른 키로 서명되었습니다. 모든 증명이 유효해야 합니다.',
  'verify.signature.malformed': '증명 {count}개 중 {proof}번째의 형식이 잘못되었습니다({field}).',
  'verify.signature.didUnavailable': '이 사이트의 DID 문서를 읽지 못해 서명을 확인할 수 없습니다({detail}).',
  'verify.signature.unknownKey':
    '증명 {count}개 중 {proof}번째가 {key} 키로 서명했다고 하지만, 이 사이트의 DID 문서에는 그런 서명 키가 없습니다.',
  'verify.signature.missing': '서명(내장 증명)이 없습니다.',
  'verify.signature.unsupported':
    '증명 {count}개 중 {proof}번째가 지원하지 않는 서명 방식입니다({type}). eddsa-rdfc-2022만 확인하며, 모든 증명이 유효해야 합니다.',
  'verify.signature.keyElsewhere':
    '증명 {count}개 중 {proof}번째의 서명 키가 이 사이트가 아닌 {did}에 있어 확인하지 않았습니다.',
  // Key history (issue 27: rotation, retired and compromised keys)
  'verify.signature.keyCompromised':
    '증명 {count}개 중 {proof}번째는 {created}에 {key} 키로 서명되었는데, 발급 기관이 이 키가 {from}부터 유출되었다고 밝혔습니다. 이 서명은 믿을 수 없습니다.',
  'verify.signature.keyCompromisedEarlier':
    '증명 {count}개 중 {proof}번째는 {created}에 {key} 키로 서명되었습니다. 이 키는 {from}부터 유출되었고, 유출된 키를 가진 사람은 서명 날짜를 마음대로 적을 수 있어 이 서명은 믿을 수 없습니다. 발급 기관은 이 배지를 현재 키로 다시 서명했습니다: 배지 페이지에서 새 사본을 받으세요.',
  'verify.signature.keyRetired':
    '증명 {count}개 중 {proof}번째는 {created}에 {key} 키로 서명되었지만, 발급 기관은 이 키를 {from}에 교체했습니다. 교체 뒤의 서명은 발급 기관의 것이 아닙니다.',
  'verify.signature.keyNotYetValid':
    '증명 {count}개 중 {proof}번째는 {created}에 {key} 키로 서명되었지만, 발급 기관은 이 키를 {from}부터 사용했습니다.',
  'verify.offline.asOf':
    '오프라인 검증: {site}의 문서를 {date}에 복사한 것으로 확인합니다. 그 뒤의 취소나 키 변경은 반영되지 않습니다.',
  'verify.card.registry': '등록 정보',
  'credential.offlineBundle': '오프라인 검증 파일 (JSON)',
  'credential.offlineInstructions':
    '이 파일로 발급 기관 사이트에 접속하지 않고도 배지를 검증할 수 있습니다. 서명된 자격증명(credential)과, 파일을 만든 때(retrieved) 사이트에 있던 DID 문서·키 목록·서명된 상태 목록·등록 정보(documents, 주소별)가 들어 있습니다. Emblem에서는 npm run verify -- 파일 --offline 으로 확인합니다. 다른 검증기에서는 documents를 문서 로더의 답으로 주고(네트워크 없이), 필요하면 시계를 retrieved로 맞추세요. 상태 목록은 retrieved 시점의 취소 여부만 알려 줍니다.',
  'verify.issuer.passed': '이 사이트의 발급 기관({name}, {did})이 발급했습니다.',
  'verify.issuer.failed': '배지에 적힌 발급 기관 {issuer}은(는) 이 사이트의 발급 기관({expected})이 아닙니다.',
  'verify.issuer.otherSigner':
    '증명 {count}개 중 {proof}번째는 {signer}이(가) 서명했으며, 이 사이트의 발급 기관({expected})이 아닙니다. 다른 기관의 유효한 서명은 이 사이트의 배지임을 증명하지 않습니다.',
  'verify.issuer.ob2Passed': '배지 정의와 발급 기관 정보가 이 사이트에 있습니다({name}).',
  'verify.issuer.ob2Failed': '배지 정의 또는 발급 기관 정보가 이 사이트에 없거나 맞지 않습니다: {detail}',
  'verify.status.notRevoked': '취소되지 않았습니다(발급 기관의 상태 목록 확인).',
  'verify.status.revoked': '발급 기관이 이 배지를 취소했습니다.',
  'verify.status.revokedReason': '발급 기관이 이 배지를 취소했습니다. 사유: {reason}',
  'verify.status.none': '상태 목록이 지정되지 않아 취소 여부를 확인할 수 없습니다.',
  'verify.status.listFailed': '상태 목록을 확인하지 못했습니다: {detail}',
  'verify.status.ob2NotRevoked': '발급 기관의 사본에 취소 표시가 없습니다.',
  'verify.validity.open': '{from}부터 유효하며 만료일이 없습니다.',
  'verify.validity.until': '{from}부터 {until}까지 유효합니다.',
  'verify.validity.expired': '{date}에 만료되었습니다.',
  'verify.validity.notYet': '{date}부터 유효합니다. 아직 유효 기간이 시작되지 않았습니다.',
  'verify.hosted.matches': '발급 기관이 {url}에 게시한 사본과 같습니다.',
  'verify.hosted.differs': '발급 기관이 {url}에 게시한 사본과 다릅니다. 배지 내용이 바뀌었습니다.',
  'verify.hosted.revoked': '발급 기관이 {url}에 게시한 사본에 취소되었다고 나와 있습니다.',
  'verify.hosted.failed': '발급 기관의 사본을 확인하지 못했습니다: {detail}',
  'verify.skipped.earlier': '앞 단계가 실패하여 확인하지 않았습니다.',
  'card.retired': '중단된 {kind}',
  'meta.awardImageAlt': '{badge} 배지 카드: {recipient}, {issuer} 발급',
  'meta.certificationImageAlt': '{name} 배지 카드',
  'credential.title': '디지털 자격 증명 내려받기',
  'credential.help':
    '배지 이미지 파일에는 누구나 확인할 수 있는 전자 증명서가 들어 있습니다. 디지털 배지를 받는 지갑 앱이나 플랫폼에 올리세요. Open Badges는 이런 배지의 국제 표준이며, 3.0은 발급 기관의 전자 서명이 들어 있는 최신판, 2.0은 이전 판입니다.',
  'credential.ob3Png': 'Open Badges 3.0 배지 이미지 (PNG)',
  'credential.ob3Svg': 'Open Badges 3.0 배지 이미지 (SVG)',
  'credential.ob2Png': 'Open Badges 2.0 배지 이미지 (PNG)',
  'credential.ob3Json': '서명된 전자 증명서 파일 (Open Badges 3.0, JSON)',
  'credential.ob2Json': '이전 표준의 증명 파일 (Open Badges 2.0, JSON)',
  'credential.noScript': '배지 이미지는 JavaScript로 만들어집니다. 위의 JSON 파일에도 같은 자격 증명이 들어 있습니다.',
  'credential.bakeFailed': '배지 이미지를 만들지 못했습니다.',
  'credential.revoked':
    '발급 기관이 이 배지를 취소했으므로 자격 증명을 내려받을 수 없습니다. 이미 받은 자격 증명은 검증 시 취소된 것으로 표시됩니다.',
  'share.title': '공유하기',
  'share.newTab': '새 탭에서 열림',
  'share.addToProfile': 'LinkedIn 프로필에 추가',
  'share.linkedin': 'LinkedIn에 게시',
  'share.x': 'X에 게시',
  'share.facebook': 'Facebook에 공유',
  'share.email': '이메일로 보내기',
  'share.copyLink': '링크 복사',
  'share.copied': '복사했습니다',
  'share.copyFailed': '복사하지 못했습니다. 주소를 직접 선택해 복사하세요.',
  'share.pageAddress': '이 배지의 주소',
  'share.text.valid': '{issuer}에서 발급한 {badge} 배지를 받았습니다.',
  'share.text.expired': '{issuer}에서 발급한 {badge} 배지를 받았습니다. 이 배지는 {date}에 만료되었습니다.',
  'share.emailSubject': '{badge} 배지',
  'embed.title': '웹사이트나 이메일 서명에 넣기',
  'embed.help': '아래 HTML을 붙여 넣으면 배지 이미지가 보이고 이 페이지로 연결됩니다. 외부 스크립트는 쓰지 않습니다.',
  'embed.code': '삽입용 HTML',
  'embed.copy': 'HTML 복사',
  'embed.linkTitle': '{recipient} 님의 {badge} 배지 확인하기',
  // The printable certificate (certificate.ts).
  'certificate.kicker': '디지털 배지 인증서',
  'certificate.intro': '아래 사람이 이 배지를 취득했음을 증명합니다.',
  'certificate.verifyAt': '이 주소에서 배지의 진위와 현재 상태를 확인할 수 있습니다.',
  'certificate.print': '인쇄 / PDF로 저장',
  'certificate.printHint':
    '인증서를 인쇄하거나 PDF로 저장하려면 브라우저의 인쇄 기능(Ctrl+P, Mac에서는 ⌘+P)을 사용하세요.',
  'certificate.awardId': '배지 ID',
  'certificate.statusAsOf': '{time} 기준 상태입니다(발급 기관의 취소 목록과 만료일로 확인).',
  // Award page, issue 29/27 (native share, about the issuer, wallet hand-off).
  'nav.menu': '메뉴',
  'share.native': '공유하기…',
  'share.kakaoHint': '카카오톡으로 보내려면 휴대폰의 공유 메뉴를 쓰거나 링크를 복사해 붙여 넣으세요.',
  'issuerBlock.title': '발급 기관 소개',
  'issuerBlock.website': '웹사이트',
  'issuerBlock.domain': '확인된 도메인',
  'issuerBlock.domainNote': '이 사이트의 모든 배지는 이 도메인에 공개된 키로 서명됩니다.',
  'issuerBlock.did': '분산 식별자(DID)',
  'issuerBlock.catalog': '이 기관의 인증과 시험 전체 보기',
  'wallet.title': '디지털 지갑에 추가하기',
  'wallet.help':
    'Learner Credential Wallet 같은 지갑 앱에서 "자격 증명 추가"를 누르고 이 QR 코드를 스캔하거나 아래 주소를 붙여 넣으세요.',
  'wallet.address': '자격 증명 주소',
  'wallet.qrLabel': '자격 증명 주소의 QR 코드',
  'wallet.lcw': 'Learner Credential Wallet 앱에서 열기',
  'wallet.file': '파일을 가져오는 지갑이라면 아래에서 OB 3.0 JSON을 내려받아 가져오세요.',
  // The editing studio (src/lib/studio) and the pull-request preview's comment (src/lib/preview).
  'studio.component.Question': '질문',
  'studio.component.Callout': '알림 상자',
  'studio.component.Steps': '단계 목록',
  'studio.component.CertLink': '인증 링크',
  'studio.component.EligibilityTable': '배지 대상 표',
  'studio.component.VideoLink': '동영상 링크',
  'studio.component.body': '내용',
  'studio.question.id': '질문 id',
  'studio.question.idHint': '두 언어에서 같은 id, 소문자·숫자·하이픈',
  'studio.question.q': '질문',
  'studio.callout.type': '종류',
  'studio.callout.title': '제목 (선택)',
  'studio.certLink.id': '인증 또는 시험',
  'studio.eligibility.list': '목록',
  'studio.eligibility.noBadge': '배지가 없는 시험과 인증',
  'studio.eligibility.retired': '폐지된 시험과 인증',
  'studio.video.url': '동영상 주소',
  'studio.video.urlPattern': 'https:// 로 시작하는 주소',
  'studio.video.title': '제목',
  'studio.idPattern': '소문자, 숫자, 하이픈만 쓸 수 있습니다',
  'studio.appTitle': 'Emblem 편집 스튜디오',
  'studio.pages': '페이지',
  'studio.page': '페이지',
  'studio.page.title': '제목',
  'studio.page.description': '설명',
  'studio.page.translationKey': '주소',
  'studio.page.translationKeyHint': '모든 언어에서 같은 값, 페이지 주소가 됩니다',
  'studio.page.order': '메뉴 순서',
  'studio.page.navLabel': '메뉴 이름',
  'studio.page.template': '형식',
  'studio.page.templateFaq': '자주 묻는 질문',
  'studio.page.body': '본문',
  'studio.emails': '알림 메일',
  'studio.email': '알림 메일',
  'studio.email.subject': '제목',
  'studio.email.body': '본문',
  'studio.email.bodyHint': '{{name}}, {{badge}}, {{claimUrl}} 같은 자리표시자는 그대로 두세요',
  'studio.issuer': '발급 기관',
  'studio.issuer.file': '발급 기관 소개',
  'studio.issuer.name': '이름',
  'studio.issuer.description': '소개',
  'studio.issuer.support': '지원 링크',
  'studio.issuer.supportLabel': '이름',
  'studio.issuer.supportUrl': '주소',
  'preview.title': '미리 보기',
  'preview.language': '한국어',
  'preview.ok': '✅ 빌드 성공: 게시할 수 있습니다.',
  'preview.failed': '❌ 빌드 실패: 아래 내용을 고친 뒤 다시 저장하세요. 고치기 전에는 합칠(merge) 수 없습니다.',
  'preview.previewAt': '미리 보기 주소: {url}',
  'preview.artifact':
    '빌드된 사이트: [실행 결과]({run})의 **Artifacts**에서 `{name}`을 내려받아 `npm run preview`로 열 수 있습니다.',
  'preview.changed': '바뀐 내용',
  'preview.files': '바뀐 파일 {count}개:',
  'preview.noFiles': '바뀐 파일이 없습니다.',
  'preview.plan': '게시하면 바뀌는 것 (npm run plan)',
  'preview.problems': '고칠 점',
  'preview.none': '고칠 점이 없습니다.',
  'preview.table': '| 파일 | 위치 | 무엇을 고칠지 |',
  'preview.logTail': '빌드가 파일을 짚지 않고 멈췄습니다. 로그의 마지막 부분입니다:',
};
type Key = keyof typeof ko;
const en: Record<Key, string> = {
  'site.skipToContent': 'Skip to content',
  'nav.home': 'Home',
  'nav.certifications': 'Certifications and exams',
  'nav.retired': 'Retired',
  'nav.verify': 'Verify a badge',
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
  'award.statusNote.revokedLive': 'The issuer has revoked this badge.',
  'award.statusChecked':
    "Checked just now ({time}) against the issuer's revocation list and the expiry date. The verify page also checks the signature.",
  'award.statusCheckFailed':
    'The revocation list could not be checked just now. The status shown is the one this page was published with.',
  'award.tools': "For the badge's earner",
  'award.toolsHelp': 'Ways to show this badge and to keep a copy of it.',
  'award.revocationReason': 'Reason',
  'award.retired': 'This {kind} was retired on {date}. Badges earned before then remain valid and can be shared.',
  'award.stateAsOf': 'Status when this page was published. The verify page checks the current status.',
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
  'cert.noBadge.single-exam-certification':
    'This exam is the requirement of a single-exam certification: passing it earns the {name} badge instead of an exam badge.',
  'cert.noBadge.retired-without-badge': 'This entry was retired without a badge.',
  'home.title': 'Digital badges, verifiable by anyone',
  'home.intro': 'Anyone can check here that a badge issued by {issuer} is genuine and current.',
  'home.browse': 'Browse certifications and exams',
  'home.verify': 'Verify a badge you received',
  'notFound.title': 'Page not found',
  'notFound.body': 'The address may have changed, or the badge may be private.',
  'page.fallbackNotice': 'This page is not available in English yet, so it is shown in {language}.',
  'language.self': 'English',
  'language.ko': 'Korean',
  'language.en': 'English',
  'faq.linkToQuestion': 'Link to this question: {question}',
  'table.scrollRegion': 'Table (scrolls sideways)',
  'profile.title': 'Badges of {name}',
  'profile.description':
    'Public badges {name} earned from {issuer}: {count}. Anyone can check that each one is genuine and current.',
  'profile.count': 'Public badges: {count}',
  'profile.help': '{name} chose to have this page. Open a badge for its details and to verify it.',
  'profile.cardFacts': 'Public badges: {count}',
  'profile.link': 'More badges of {name}',
  // Site pages other than award pages: link previews.
  'card.siteFacts': 'Badge verification · Certifications and exams',
  'meta.siteImageAlt': 'Digital badge site card of {issuer}',
  'callout.note': 'Note',
  'callout.tip': 'Tip',
  'callout.warning': 'Important',
  'video.play': 'Play the video here',
  'video.privacy': 'Playing loads the video from {host}. Nothing is requested from {host} before you press play.',
  'video.open': 'Watch on {host}',
  'eligibility.caption.no-badge': 'Exams and certifications without a badge',
  'eligibility.caption.retired': 'Retired exams and certifications',
  'eligibility.name': 'Name',
  'eligibility.reason': 'Why there is no badge',
  'eligibility.retiredOn': 'Retired',
  'eligibility.badges': 'Badges',
  'eligibility.retiredKeepsBadge': 'Badges already earned stay valid',
  'eligibility.empty': 'None.',
  'footer.contact': 'Contact',
  'claim.title': 'Claim your badge',
  'claim.intro':
    'If you opened this page from the link in your badge email, check your badge below and choose how to accept it.',
  'claim.preview.title': 'Your badge',
  'claim.preview.recipient': 'Awarded to',
  'claim.preview.badge': 'Badge',
  'claim.preview.issuedOn': 'Issued on',
  'claim.preview.note': 'These details come from your link and stay in this browser until you choose.',
  'claim.choice.legend': 'How do you want to accept it?',
  'claim.choice.public': 'Accept and publish',
  'claim.choice.publicHint': 'Your badge gets a public page you can share and add to your LinkedIn profile.',
  'claim.choice.private': 'Accept but keep private',
  'claim.choice.privateHint':
    'You accept the badge but no public page is made. You can ask the issuer to publish it later.',
  'claim.mail.note': 'Choosing opens a prefilled email to {email}. Send it as it is to finish.',
  'claim.mail.subject': 'Badge claim',
  'claim.missing': 'This page opens from the claim link in your badge email. Please open that link again.',
  'claim.broken':
    'This claim link is cut off or damaged. Open or copy the whole link from your email again; if it still fails, contact the issuer.',
  'claim.noscript': 'This page needs JavaScript. Turn it on in your browser, or contact the issuer by email.',
  'claim.sent': 'Thank you: your choice was sent. The badge is updated once the issuer has processed it.',
  'claim.inbox.accepted': 'Your choice was received',
  'claim.inbox.acceptedBody':
    'We received your badge claim. It takes effect once the issuer has processed it. You can close this window.',
  'claim.inbox.refused': 'This claim could not be accepted',
  'claim.inbox.refusedBody':
    'The link is not valid, or this badge was already claimed. Open the link from your email again; if it still fails, contact the issuer.',
  'claim.inbox.back': 'Back to the site',
  // Claim flow hardening (session 8): inbox replies, preview labels, what happens after a choice.
  'claim.inbox.already': 'Your choice was already received',
  'claim.inbox.alreadyBody':
    'We already have this choice for your badge; there is nothing more to do. You can close this window.',
  'claim.inbox.tooMany': 'Too many attempts',
  'claim.inbox.tooManyBody':
    'Too many claims arrived in a short time. Wait a few minutes, then open the link from your email again.',
  'claim.inbox.next.public':
    'What happens next: once the issuer has applied your claim, your badge page goes live and you get an email with its address.',
  'claim.inbox.next.private':
    'What happens next: once the issuer has applied your claim, your badge is recorded as accepted and no public page is made.',
  // Claims published by the host function (issue 26): when the badge goes live, and the manage link.
  'claim.live.minutes': 'Usually live on the site within {minutes} minutes.',
  'claim.manage.title': 'Change who can see your badge',
  'claim.manage.intro': 'You can make a badge you accepted public or private, or ask the issuer to correct your name.',
  'claim.manage.public': 'Make it public',
  'claim.manage.private': 'Make it private',
  'claim.manage.nameLegend': 'Ask for a name correction',
  'claim.manage.nameLabel': 'Your name as it should appear on the badge',
  'claim.manage.nameButton': 'Send the request',
  'claim.inbox.next.name':
    'What happens next: the issuer checks your request and corrects the name; the badge shows it from the next publication.',
  'claim.preview.asGiven': '(as given in your link)',
  'claim.badDate':
    'The issue date in this claim link ("{date}") is not a real date: the link was changed or damaged. Open the whole link from your email again; if it still fails, contact the issuer.',
  'claim.chosen.public':
    'You chose “Accept and publish”. An email to {email} should have opened: send it as it is to finish.',
  'claim.chosen.private':
    'You chose “Accept but keep private”. An email to {email} should have opened: send it as it is to finish.',
  'claim.copy.intro':
    'If no email app opened, copy the message below and send it from your own email to {email}, with the subject “{subject}”.',
  'claim.copy.label': 'Message to send',
  'claim.copy.button': 'Copy message',
  'claim.copy.done': 'Copied.',
  'claim.copy.failed': 'Could not copy: select the message and copy it yourself.',
  'claim.mail.sentence.public':
    'Hello, I accept my badge “{badge}” and would like it published on a public badge page. Please keep the lines below as they are: they identify my claim.',
  'claim.mail.sentence.private':
    'Hello, I accept my badge “{badge}” and would like to keep it private, with no public page. Please keep the lines below as they are: they identify my claim.',
  'verify.title': 'Verify a badge',
  'verify.intro':
    'Check in your browser that a badge issued on this site is genuine and still valid. Nothing you enter is sent anywhere.',
  'verify.input.legend': 'Badge to verify',
  'verify.input.url': 'Badge address',
  'verify.input.urlHint': 'The badge page address or its credential.json address',
  'verify.input.paste': 'Paste badge JSON',
  'verify.input.pasteHint': 'An Open Badges 3.0 credential or a 2.0 assertion',
  'verify.input.file': 'Badge image file',
  'verify.input.fileHint': 'Drop or choose a PNG or SVG badge with the badge data baked in.',
  'verify.input.submit': 'Verify',
  'verify.input.empty': 'Enter a badge address, paste its JSON or choose a file.',
  'verify.running': 'Verifying…',
  'verify.loadFailed': 'The verifier could not be loaded. Reload the page and try again.',
  'verify.steps': 'Verification steps',
  'verify.outcome.verified': 'Verified',
  'verify.outcome.not-verified': 'Not verified',
  'verify.outcome.warning': 'Warning',
  'verify.outcomeNote.verified': 'This badge is genuine and currently valid.',
  'verify.outcomeNote.not-verified': 'This badge did not verify. See the step that failed.',
  'verify.outcomeNote.warning': 'This badge is genuine, but some checks could not be made.',
  'verify.card.recipient': 'Issued to',
  'verify.card.recipientHidden': 'shown only as an email hash',
  'verify.card.badge': 'Badge',
  'verify.card.issuer': 'Issued by',
  'verify.card.issued': 'Issued',
  'verify.card.expires': 'Expires',
  'verify.card.awardPage': 'View the badge page',
  'verify.card.title': 'What the badge says',
  'verify.card.unverified': 'This badge did not verify: the details below are only what it claims.',
  'verify.card.log': 'Public issuance log',
  'verify.log.found':
    'Entry {position}: inclusion proof checked in your browser against the signed checkpoint of {size} entries',
  'verify.log.revoked': 'Its revocation is in the log too (entry {position}).',
  'verify.log.superseded': 'A corrected version of this award was logged later (entry {position}).',
  'verify.log.absent': 'This credential is not in the site’s public issuance log.',
  'verify.log.failed': 'The public issuance log could not be checked.',
  'verify.input.or': 'or',
  'verify.button': 'Verify this badge',
  'verify.stepStatus.passed': 'Passed',
  'verify.stepStatus.failed': 'Failed',
  'verify.stepStatus.warning': 'Warning',
  'verify.stepStatus.skipped': 'Skipped',
  'verify.step.format': 'Badge format',
  'verify.step.signature': 'Signature',
  'verify.step.issuer': 'Issuer',
  'verify.step.status': 'Revocation',
  'verify.step.validity': 'Validity period',
  'verify.step.hosted': "Issuer's copy",
  'verify.format.ob3': 'A well-formed Open Badges 3.0 credential.',
  'verify.format.ob2': 'A well-formed Open Badges 2.0 assertion.',
  'verify.format.ob2Revoked': 'The issuer’s notice that this Open Badges 2.0 badge was revoked.',
  'verify.format.notJson': 'This is not JSON. Enter a badge’s JSON, its address, or a badge image.',
  'verify.format.notBadge': 'This is not a badge: no badge data was found in this file or document.',
  'verify.format.tooDeep':
    'This is not a badge: its JSON is nested more than {limit} levels deep, so it was not checked.',
  'verify.format.missing': 'Not a well-formed badge: {field} is missing or wrong.',
  'verify.format.offSite':
    'This address is not on this site ({site}). Only badges issued by this site are verified here.',
  'verify.format.fetchFailed': 'Could not load {url} ({detail}).',
  'verify.signature.passed':
    'The signature is valid (Ed25519, eddsa-rdfc-2022; {count} proof(s), each checked). Signing key: {key}',
  'verify.signature.failed':
    'The signature is not valid (proof {proof} of {count}): the badge was changed after it was signed, or signed with another key. Every proof must be valid.',
  'verify.signature.malformed': 'Proof {proof} of {count} is not a well-formed proof ({field}).',
  'verify.signature.didUnavailable':
    'This site’s DID document could not be read, so no signature could be checked ({detail}).',
  'verify.signature.unknownKey':
    'Proof {proof} of {count} claims the key {key}, which this site’s DID document does not list as a signing key.',
  'verify.signature.missing': 'The badge carries no signature (embedded proof).',
  'verify.signature.unsupported':
    'Proof {proof} of {count} has an unsupported signature type ({type}); only eddsa-rdfc-2022 is checked, and every proof must be valid.',
  'verify.signature.keyElsewhere':
    'The key of proof {proof} of {count} is published by {did}, not on this site, so it was not checked.',
  // Key history (issue 27: rotation, retired and compromised keys)
  'verify.signature.keyCompromised':
    'Proof {proof} of {count} was made on {created} with the key {key}, which the issuer declared compromised from {from}: it is not trusted.',
  'verify.signature.keyCompromisedEarlier':
    'Proof {proof} of {count} was made on {created} with the key {key}, which leaked from {from}. Whoever holds a leaked key can date a proof as they like, so it is not trusted. The issuer has signed this badge again with its current key: get the current copy from the award page.',
  'verify.signature.keyRetired':
    'Proof {proof} of {count} was made on {created} with the key {key}, which the issuer retired on {from}: a proof made after that is not the issuer’s.',
  'verify.signature.keyNotYetValid':
    'Proof {proof} of {count} was made on {created} with the key {key}, which the issuer only began to use on {from}.',
  'verify.offline.asOf':
    'Offline verification: checked against the documents of {site} as copied on {date}. A later revocation or key change is not in them.',
  'verify.card.registry': 'Registry listing',
  'credential.offlineBundle': 'Offline verification file (JSON)',
  'credential.offlineInstructions':
    'This file lets anyone verify the badge without reaching the issuer’s site. It holds the signed credential (credential) and copies of the site’s DID document, key history, signed status list and registry entry as they were when the file was made (retrieved), by address (documents). With Emblem: npm run verify -- FILE --offline. With another verifier: answer its document loader from documents (no network) and, if needed, set its clock to retrieved. The status list tells whether the badge was revoked as of retrieved, not later.',
  'verify.issuer.passed': 'Issued by this site’s issuer ({name}, {did}).',
  'verify.issuer.failed': 'The badge names {issuer} as its issuer, which is not this site’s issuer ({expected}).',
  'verify.issuer.otherSigner':
    'Proof {proof} of {count} is signed by {signer}, which is not this site’s issuer ({expected}). A valid signature by someone else does not make it a badge from this issuer.',
  'verify.issuer.ob2Passed': 'The badge class and issuer profile are on this site ({name}).',
  'verify.issuer.ob2Failed': 'The badge class or issuer profile is missing from this site or does not match: {detail}',
  'verify.status.notRevoked': 'Not revoked (checked against the issuer’s status list).',
  'verify.status.revoked': 'The issuer revoked this badge.',
  'verify.status.revokedReason': 'The issuer revoked this badge. Reason: {reason}',
  'verify.status.none': 'The badge names no status list, so revocation cannot be checked.',
  'verify.status.listFailed': 'The status list could not be checked: {detail}',
  'verify.status.ob2NotRevoked': 'The issuer’s copy does not mark it revoked.',
  'verify.validity.open': 'Valid from {from}, with no expiry date.',
  'verify.validity.until': 'Valid from {from} until {until}.',
  'verify.validity.expired': 'Expired on {date}.',
  'verify.validity.notYet': 'Not valid until {date}.',
  'verify.hosted.matches': 'Matches the copy the issuer publishes at {url}.',
  'verify.hosted.differs': 'Differs from the copy the issuer publishes at {url}: the badge was changed.',
  'verify.hosted.revoked': 'The copy the issuer publishes at {url} says it was revoked.',
  'verify.hosted.failed': 'The issuer’s copy could not be checked: {detail}',
  'verify.skipped.earlier': 'Not checked, because an earlier step failed.',
  'card.retired': 'Retired {kind}',
  'meta.awardImageAlt': '{badge} badge card: {recipient}, issued by {issuer}',
  'meta.certificationImageAlt': 'Badge card for {name}',
  'credential.title': 'Download the digital credential',
  'credential.help':
    'The badge image files carry a digital certificate inside that anyone can check. Upload one to a wallet app or platform that accepts digital badges. Open Badges is the international standard for such badges: 3.0 is the current version, signed by the issuer; 2.0 is the older one.',
  'credential.ob3Png': 'Open Badges 3.0 badge image (PNG)',
  'credential.ob3Svg': 'Open Badges 3.0 badge image (SVG)',
  'credential.ob2Png': 'Open Badges 2.0 badge image (PNG)',
  'credential.ob3Json': 'Signed digital certificate file (Open Badges 3.0, JSON)',
  'credential.ob2Json': 'Certificate file in the older standard (Open Badges 2.0, JSON)',
  'credential.noScript': 'The badge images are made with JavaScript. The JSON files above hold the same credential.',
  'credential.bakeFailed': 'The badge image could not be made.',
  'credential.revoked':
    'The issuer revoked this badge, so its credential is not offered for download. Copies already downloaded show as revoked when verified.',
  'share.title': 'Share',
  'share.newTab': 'opens in a new tab',
  'share.addToProfile': 'Add to LinkedIn profile',
  'share.linkedin': 'Post on LinkedIn',
  'share.x': 'Post on X',
  'share.facebook': 'Share on Facebook',
  'share.email': 'Send by email',
  'share.copyLink': 'Copy link',
  'share.copied': 'Copied',
  'share.copyFailed': 'Could not copy. Select the address and copy it yourself.',
  'share.pageAddress': 'Address of this badge',
  'share.text.valid': 'I earned the {badge} badge from {issuer}.',
  'share.text.expired': 'I earned the {badge} badge from {issuer}. It expired on {date}.',
  'share.emailSubject': 'My {badge} badge',
  'embed.title': 'Add to a web page or email signature',
  'embed.help': 'Paste this HTML to show the badge with a link to this page. It uses no third-party script.',
  'embed.code': 'HTML to paste',
  'embed.copy': 'Copy HTML',
  'embed.linkTitle': 'Verify the {badge} badge of {recipient}',
  // The printable certificate (certificate.ts).
  'certificate.kicker': 'Digital badge certificate',
  'certificate.intro': 'This certifies that the person named below has earned this badge.',
  'certificate.verifyAt': 'Check that this badge is genuine and see its current status at this address.',
  'certificate.print': 'Print / save as PDF',
  'certificate.printHint':
    'To print the certificate or save it as a PDF, use your browser’s Print command (Ctrl+P, or ⌘+P on a Mac).',
  'certificate.awardId': 'Badge ID',
  'certificate.statusAsOf': "Status as of {time} (checked against the issuer's revocation list and the expiry date).",
  // Award page, issue 29/27 (native share, about the issuer, wallet hand-off).
  'nav.menu': 'Menu',
  'share.native': 'Share…',
  'share.kakaoHint': "To send it on KakaoTalk, use your phone's share menu, or copy the link and paste it.",
  'issuerBlock.title': 'About the issuer',
  'issuerBlock.website': 'Website',
  'issuerBlock.domain': 'Verified domain',
  'issuerBlock.domainNote': 'Every badge on this site is signed with the key published at this domain.',
  'issuerBlock.did': 'Decentralized identifier (DID)',
  'issuerBlock.catalog': "All of this issuer's certifications and exams",
  'wallet.title': 'Add to a wallet',
  'wallet.help':
    'In a wallet app such as the Learner Credential Wallet, choose "Add credential" and scan this QR code, or paste the address below.',
  'wallet.address': 'Credential address',
  'wallet.qrLabel': 'QR code of the credential address',
  'wallet.lcw': 'Open in the Learner Credential Wallet app',
  'wallet.file': 'For a wallet that imports files, download the OB 3.0 JSON below and import it.',
  // The editing studio (src/lib/studio) and the pull-request preview's comment (src/lib/preview).
  'studio.component.Question': 'Question',
  'studio.component.Callout': 'Callout',
  'studio.component.Steps': 'Steps',
  'studio.component.CertLink': 'Certification link',
  'studio.component.EligibilityTable': 'Eligibility table',
  'studio.component.VideoLink': 'Video link',
  'studio.component.body': 'Content',
  'studio.question.id': 'Question id',
  'studio.question.idHint': 'the same id in every language: a-z, 0-9, -',
  'studio.question.q': 'Question as readers see it',
  'studio.callout.type': 'Type',
  'studio.callout.title': 'Title, optional',
  'studio.certLink.id': 'Certification or exam',
  'studio.eligibility.list': 'List',
  'studio.eligibility.noBadge': 'no badge',
  'studio.eligibility.retired': 'retired',
  'studio.video.url': 'Video URL',
  'studio.video.urlPattern': 'an address starting with https://',
  'studio.video.title': 'Title',
  'studio.idPattern': 'lower-case letters, digits and hyphens only',
  'studio.appTitle': 'Emblem editing studio',
  'studio.pages': 'Pages',
  'studio.page': 'Page',
  'studio.page.title': 'Title',
  'studio.page.description': 'Description',
  'studio.page.translationKey': 'Address key',
  'studio.page.translationKeyHint': 'the same in every language; becomes the address',
  'studio.page.order': 'Menu order',
  'studio.page.navLabel': 'Menu label',
  'studio.page.template': 'Template',
  'studio.page.templateFaq': 'FAQ',
  'studio.page.body': 'Text',
  'studio.emails': 'Notification emails',
  'studio.email': 'Email',
  'studio.email.subject': 'Subject',
  'studio.email.body': 'Message',
  'studio.email.bodyHint': 'keep placeholders such as {{name}}, {{badge}} and {{claimUrl}} as they are',
  'studio.issuer': 'Issuer',
  'studio.issuer.file': 'Issuer texts',
  'studio.issuer.name': 'Name',
  'studio.issuer.description': 'Description',
  'studio.issuer.support': 'Support links',
  'studio.issuer.supportLabel': 'Label',
  'studio.issuer.supportUrl': 'URL',
  'preview.title': 'Preview',
  'preview.language': 'English',
  'preview.ok': '✅ The build passed: this can be published.',
  'preview.failed': '❌ The build failed: fix what is listed below and save again. It cannot be merged until then.',
  'preview.previewAt': 'Preview address: {url}',
  'preview.artifact':
    'The built site: download `{name}` under **Artifacts** on [the run]({run}) and open it with `npm run preview`.',
  'preview.changed': 'What changed',
  'preview.files': '{count} file(s) changed:',
  'preview.noFiles': 'No files changed.',
  'preview.plan': 'What publishing changes (npm run plan)',
  'preview.problems': 'What to fix',
  'preview.none': 'Nothing to fix.',
  'preview.table': '| File | Where | What to do |',
  'preview.logTail': 'The build stopped without naming a file. The end of its log:',
};

export const messages: Record<Locale, Record<Key, string>> = { ko, en };
export type MessageKey = Key;

/** Looks up an interface string and fills `{name}` placeholders. */
export function t(locale: Locale, key: Key, vars: Record<string, string | number> = {}): string {
  const message = messages[locale][key];
  if (!message.includes('{')) return message;
  return message.replace(PLACEHOLDER, (_, name: string, particle: string | undefined) => {
    const value = String(vars[name] ?? `{${name}}`);
    return particle ? value + withParticle(value, particle) : value;
  });
}

/**
 * A label as it reads at the start of a line ("Certification · NT-300C"): its first letter in
 * upper case, in the locale's rules. Labels such as `kind.*` are lower case in English because
 * sentences use them ("This {kind} was retired"); Korean has no case and is unchanged.
 */
export function atLineStart(locale: Locale, label: string): string {
  const [first = '', ...rest] = label;
  return first.toLocaleUpperCase(dateLocaleTag(locale)) + rest.join('');
}

/** A placeholder, and the Korean particle written after it in both forms ("이(가)"). */
const PLACEHOLDER = /\{(\w+)\}(이\(가\)|을\(를\)|은\(는\)|과\(와\)|\(으\)로)?/g;
const PARTICLES = {
  '이(가)': '이/가',
  '을(를)': '을/를',
  '은(는)': '은/는',
  '과(와)': '와/과',
  '(으)로': '으로/로',
} as const;

/**
 * The particle that fits the word's final consonant ("프로그램이", "기관은"). A word that
 * does not end in a Hangul syllable (a URL, a Latin name, a digit) has no reading the
 * site can be sure of, so it keeps the written-out pair.
 */
export function withParticle(word: string, pair: string): string {
  const option = PARTICLES[pair as keyof typeof PARTICLES];
  if (!option) return pair;
  return /[\uAC00-\uD7A3]$/.test(word) ? josa.pick(word, option) : pair;
}

/** The BCP 47 tag dates are formatted with, per locale (also used by page scripts). */
export function dateLocaleTag(locale: Locale): string {
  return locale === 'ko' ? 'ko-KR' : 'en-GB';
}

const dateFormats: Partial<Record<Locale, Intl.DateTimeFormat>> = {};
const formattedDates = new Map<string, string>();
/**
 * A date as readers of the locale expect it. The day shown is the calendar day
 * written in the value, i.e. in the award's own time zone, so "issued on the
 * 14th" in Seoul never becomes the 13th for a reader elsewhere. Memoized: a
 * site with 10,000s of awards formats the same days over and over.
 */
export function formatDate(locale: Locale, value: string): string {
  const day = value.slice(0, 10);
  const key = locale + day;
  let text = formattedDates.get(key);
  if (text === undefined) {
    const format = (dateFormats[locale] ??= new Intl.DateTimeFormat(dateLocaleTag(locale), {
      dateStyle: 'long',
      timeZone: 'UTC',
    }));
    text = format.format(new Date(`${day}T00:00:00Z`));
    formattedDates.set(key, text);
  }
  return text;
}

/** The `datetime` of a <time> showing formatDate(value): the same calendar day, as YYYY-MM-DD. */
export function dateAttribute(value: string): string {
  return value.slice(0, 10);
}

/** A message cut around one placeholder, so a page can put an element there (a <time> for `{date}`). */
export function messageAround(
  locale: Locale,
  key: Key,
  name: string,
  vars: Record<string, string | number> = {},
): [before: string, after: string] {
  const mark = '\u0000';
  const [before = '', after = ''] = t(locale, key, { ...vars, [name]: mark }).split(mark);
  return [before, after];
}
