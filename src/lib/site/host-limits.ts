/**
 * What static hosts accept, in one table, so a build can say when the site no
 * longer fits the host the issuer deploys to (EMBLEM_HOST_PROFILE).
 *
 * Figures from each host's own documentation, checked November 2026; they
 * change, so each row says where to check. `undefined` means no limit that a
 * badge site could reach.
 */
export interface HostProfile {
  id: string;
  name: string;
  /** Most files one deployment may hold. */
  maxFiles?: number;
  /** Most bytes of the whole published site. */
  maxSiteBytes?: number;
  /** Largest single file. */
  maxFileBytes?: number;
  /** Where the figures come from. */
  source: string;
}

const MB = 1024 * 1024;
const GB = 1024 * MB;

export const HOST_PROFILES: readonly HostProfile[] = [
  {
    id: 'github-pages',
    name: 'GitHub Pages',
    maxSiteBytes: 1 * GB,
    maxFileBytes: 100 * MB,
    source: 'docs.github.com: GitHub Pages limits (published sites may be no larger than 1 GB)',
  },
  {
    id: 'cloudflare-pages',
    name: 'Cloudflare Pages (free plan)',
    maxFiles: 20_000,
    maxFileBytes: 25 * MB,
    source: 'developers.cloudflare.com: Pages limits (20,000 files on the free plan, 25 MiB per file)',
  },
  {
    id: 'cloudflare-pages-paid',
    name: 'Cloudflare Pages (paid plans)',
    maxFiles: 100_000,
    maxFileBytes: 25 * MB,
    source: 'developers.cloudflare.com: Pages changelog, 2026-01-23 (100,000 files on paid plans)',
  },
  {
    id: 'gitlab-pages',
    name: 'GitLab Pages (gitlab.com)',
    maxFiles: 200_000,
    maxSiteBytes: 1 * GB,
    source: 'docs.gitlab.com: Pages limits (1 GB and 200,000 entries per site)',
  },
  { id: 'netlify', name: 'Netlify', source: 'docs.netlify.com: no file-count or site-size limit a badge site reaches' },
  { id: 's3', name: 'Amazon S3 + CloudFront', source: 'no file-count or site-size limit' },
];

export function hostProfile(id: string): HostProfile {
  const profile = HOST_PROFILES.find((p) => p.id === id);
  if (!profile)
    throw new Error(
      `EMBLEM_HOST_PROFILE="${id}" is not a known host; use one of ${HOST_PROFILES.map((p) => p.id).join(', ')}`,
    );
  return profile;
}

/** What the built site weighs, in total and per published award. */
export interface SiteFootprint {
  files: number;
  bytes: number;
  largestFile: { path: string; bytes: number } | undefined;
  awards: number;
  /** Files and bytes under the awards' own folders (badges/<id>/). */
  awardFiles: number;
  awardBytes: number;
}

/** Every limit of the profile that the site passes, as a sentence with the figures. */
export function hostLimitWarnings(site: SiteFootprint, profile: HostProfile): string[] {
  const warnings: string[] = [];
  const perAward = (part: number) => (site.awards ? part / site.awards : 0);
  const fitsAwards = (limit: number, fixed: number, each: number) =>
    each > 0 ? Math.max(0, Math.floor((limit - fixed) / each)) : Infinity;
  if (profile.maxFiles !== undefined && site.files > profile.maxFiles) {
    const each = perAward(site.awardFiles);
    warnings.push(
      `${site.files.toLocaleString('en')} files: more than the ${profile.maxFiles.toLocaleString('en')} ${profile.name} takes; ` +
        `at ${each.toFixed(1)} files per award it fits about ${fitsAwards(profile.maxFiles, site.files - site.awardFiles, each).toLocaleString('en')} awards`,
    );
  }
  if (profile.maxSiteBytes !== undefined && site.bytes > profile.maxSiteBytes) {
    const each = perAward(site.awardBytes);
    warnings.push(
      `${formatBytes(site.bytes)}: more than the ${formatBytes(profile.maxSiteBytes)} ${profile.name} publishes; ` +
        `at ${formatBytes(each)} per award it fits about ${fitsAwards(profile.maxSiteBytes, site.bytes - site.awardBytes, each).toLocaleString('en')} awards`,
    );
  }
  if (profile.maxFileBytes !== undefined && site.largestFile && site.largestFile.bytes > profile.maxFileBytes) {
    warnings.push(
      `${site.largestFile.path} is ${formatBytes(site.largestFile.bytes)}: larger than the ${formatBytes(profile.maxFileBytes)} ${profile.name} takes per file`,
    );
  }
  return warnings;
}

export function formatBytes(bytes: number): string {
  if (bytes >= GB) return `${(bytes / GB).toFixed(2)} GB`;
  if (bytes >= MB) return `${(bytes / MB).toFixed(1)} MB`;
  return `${(bytes / 1024).toFixed(1)} KB`;
}
