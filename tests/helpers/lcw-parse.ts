/**
 * How the DCC Learner Credential Wallet reads what the award page hands it, ported line
 * for line from its source (github.com/openwallet-foundation-labs/learner-credential-wallet
 * at commit 1c46a82ba38447f164998903e88944b67fc2a2e6), so the tests replay what the app does
 * with the QR code's text and with the request link:
 *
 *   - a scanned or pasted URL: app/lib/decode.ts credentialsFrom (lines 14-18, 60-77): fetch
 *     it (plain GET), trim the text; a JSON text is a credential or a presentation
 *     (credentialsFromJson, lines 36-50; app/lib/validate.ts isVerifiableCredential /
 *     isVerifiablePresentation, lines 136-146; app/lib/credentialsFromPresentation.ts);
 *   - a deep link: app.config.js LinkConfig (lines 38-47) and app/lib/walletRequestApi.ts
 *     isDeepLink (lines 27-32); app/lib/deepLinkConfig.ts hands a link holding "request=" to
 *     redirectRequestRoute (app/lib/navigationUtil.ts lines 101-116): parseWalletApiUrl
 *     (walletRequestApi.ts lines 70-89: query-string's parseUrl, then
 *     JSON.parse(decodeURI(query.request))), parseWalletApiMessage (lines 49-68), and for an
 *     offer app/lib/exchanges.ts (lines 67-73) with app/lib/verifiableObject.ts
 *     extractCredentialsFrom (lines 20-34).
 * query-string (v7/v9 parse) is ported for what these links use: split off the hash, take what
 * follows the first "?", split on "&", "+" as a space, split on the first "=", decode.
 */

type Json = Record<string, unknown>;

const LINK_CONFIG = {
  customProtocol: ['dccrequest://', 'org.dcconsortium://', 'https://lcw.app/request', 'interaction:'],
  universalAppLink: 'https://lcw.app/mobile',
};

const regexPattern = { vpqr: /^VP1-[A-Z|0-9]+/, url: /^https?:\/\/.+/, json: /^{.*}$/s };

const typesOf = (obj: Json) => obj.type as string[] | string | undefined;
export const isVerifiableCredential = (obj: Json) => Boolean(typesOf(obj)?.includes('VerifiableCredential'));
export const isVerifiablePresentation = (obj: Json) => Boolean(typesOf(obj)?.includes('VerifiablePresentation'));

export function isDeepLink(text: string): boolean {
  return text.startsWith(LINK_CONFIG.universalAppLink) || LINK_CONFIG.customProtocol.some((p) => text.startsWith(p));
}

/** query-string's parseUrl(url).query, for the parameters these links carry. */
export function queryStringParseUrl(url: string): Record<string, string | null> {
  const withoutHash = url.split('#')[0]!;
  const start = withoutHash.indexOf('?');
  const query: Record<string, string | null> = {};
  if (start === -1) return query;
  for (const parameter of withoutHash.slice(start + 1).split('&')) {
    if (parameter === '') continue;
    const plain = parameter.replaceAll('+', ' ');
    const at = plain.indexOf('=');
    const [key, value] = at === -1 ? [plain, undefined] : [plain.slice(0, at), plain.slice(at + 1)];
    query[decodeURIComponent(key)] = value === undefined ? null : decodeURIComponent(value);
  }
  return query;
}

/** walletRequestApi.ts parseWalletApiUrl: undefined when the link carries no readable message. */
export function parseWalletApiUrl(url: string): Json | undefined {
  const messageText = queryStringParseUrl(url).request;
  if (messageText === undefined || messageText === null) return undefined;
  try {
    return JSON.parse(decodeURI(messageText)) as Json;
  } catch {
    return undefined;
  }
}

/** What the app does with a deep link holding "request=": the credentials an offer hands the earner, or why not. */
export function credentialsFromRequestLink(url: string): Json[] {
  if (!isDeepLink(url)) throw new Error('LCW would not open this link (not one of its deep-link prefixes)');
  if (!url.includes('request=')) throw new Error('LCW routes only links holding request= to the wallet API');
  const message = parseWalletApiUrl(url);
  if (!message) throw new Error('LCW could not parse the request message');
  if (!('verifiablePresentation' in message)) throw new Error('not an offer (IVpOffer)');
  const offer = message.verifiablePresentation as Json;
  if (isVerifiableCredential(offer)) return [offer];
  if (isVerifiablePresentation(offer) && 'verifiableCredential' in offer) {
    const vc = offer.verifiableCredential as Json | Json[];
    return Array.isArray(vc) ? vc : [vc];
  }
  throw new Error('the offer holds no credential');
}

/** decode.ts credentialsFrom: the text of a scanned QR code or a pasted address. */
export async function credentialsFrom(text: string, fetchText: (url: string) => Promise<string>): Promise<Json[]> {
  let body = text;
  if (regexPattern.url.test(body)) body = (await fetchText(body)).trim();
  if (regexPattern.vpqr.test(body)) throw new Error('a VPQR: not what the award page offers');
  if (regexPattern.json.test(body)) {
    const data = JSON.parse(body) as Json;
    if (isVerifiablePresentation(data)) return ([] as Json[]).concat(data.verifiableCredential as Json | Json[]);
    if (isVerifiableCredential(data)) return [data];
    throw new Error('Credential(s) could not be decoded from the JSON.');
  }
  throw new Error('No credentials were resolved from the text');
}
