/**
 * The Learner Credential Wallet's request link for an award: a wallet API
 * message carried in the `request` parameter of https://lcw.app/request, as the
 * app reads it (openwallet-foundation-labs/learner-credential-wallet, commit
 * 1c46a82b): app.config.js LinkConfig lists `https://lcw.app/request` among the
 * deep-link prefixes; app/lib/deepLinkConfig.ts hands any such link holding
 * `request=` to redirectRequestRoute (app/lib/navigationUtil.ts), which parses
 * it with parseWalletApiUrl (app/lib/walletRequestApi.ts: query-string's
 * parseUrl, then JSON.parse(decodeURI(query.request))) and routes a message
 * holding `verifiablePresentation` as an offer (IVpOffer) whose credentials the
 * earner accepts (app/lib/exchanges.ts). A static site cannot run an exchange,
 * so the offer carries the credential itself: about 5 KB for a typical award.
 * Pure: the page's script makes the link in the browser from the credential it
 * fetches, so pages do not carry it.
 */

/** Where LCW takes requests: one of its registered deep-link prefixes (app.config.js). */
export const LCW_REQUEST_URL = 'https://lcw.app/request';

/** Longer links are not offered: some servers and link handlers refuse request lines over 8 KB;
 * the QR code and the credential's address still work for any size. */
export const LCW_LINK_MAX_LENGTH = 8000;

/** The offer message: a presentation holding the one credential, unsigned (the credential carries its own proof). */
export function lcwOffer(credential: Record<string, unknown>): Record<string, unknown> {
  return {
    verifiablePresentation: {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      verifiableCredential: [credential],
    },
  };
}

/** The LCW link offering `credential`, or undefined when the link would be too long or LCW
 * could not read it back (its decodeURI, applied after query decoding, would change or
 * reject a JSON text holding `%` escapes). */
export function lcwRequestLink(credential: Record<string, unknown>): string | undefined {
  const json = JSON.stringify(lcwOffer(credential));
  let decoded: string;
  try {
    decoded = decodeURI(json);
  } catch {
    return undefined;
  }
  if (decoded !== json) return undefined;
  const link = `${LCW_REQUEST_URL}?request=${encodeURIComponent(json)}`;
  return link.length <= LCW_LINK_MAX_LENGTH ? link : undefined;
}
