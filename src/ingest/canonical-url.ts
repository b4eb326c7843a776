/** Query parameters that only track the reader and never change what a page shows. */
const TRACKING_PARAMETERS = new Set([
  'fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'igshid', 'mc_cid', 'mc_eid',
  '_ga', '_gl', 'ocid', 'cmpid', 'ref', 'ref_src', 'ref_url', 'src', 'smid', 'sr_share', 'ito', 'at_medium',
  'at_campaign', 'at_custom1', 'at_custom2', 'at_custom3', 'at_custom4', 'spm', 'share', 'taid', 'rss',
]);
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'hsa_'];

function isTracking(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMETERS.has(lower) || TRACKING_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/** Returns the URL as given when it is a valid http(s) URL, else null. */
export function parseWebUrl(text: string | null): URL | null {
  if (text === null) return null;
  try {
    const url = new URL(text.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** The site's host name without `www.`, as an outlet's name when nothing better is given; null for no valid URL. */
export function siteHost(url: string | null): string | null {
  if (url === null) return null;
  try {
    const host = new URL(url).hostname.replace(/^www\./, '');
    return host === '' ? null : host;
  } catch {
    return null;
  }
}

/**
 * The duplicate key of a web address: one page reached through links that differ only in scheme, `www.`, tracking
 * parameters, parameter order, fragment or a trailing slash gets one key.
 */
export function canonicalUrl(url: URL): string {
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const port = url.port === '' || url.port === '80' || url.port === '443' ? '' : `:${url.port}`;
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : '';
  const parameters = [...url.searchParams.entries()]
    .filter(([name]) => !isTracking(name))
    .sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
  const query = parameters.length > 0 ? `?${new URLSearchParams(parameters).toString()}` : '';
  return `https://${host}${port}${path}${query}`;
}
