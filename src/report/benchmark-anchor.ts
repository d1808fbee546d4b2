/**
 * The deep link to one benchmark on the history dashboard (issue 22 item 4): the dashboard gives
 * each benchmark's section this id, and the PR comment's rows link to `<dashboard-url>#<id>`.
 * One function builds it for both, so the two cannot drift apart. Pure.
 */
import { createHash } from 'node:crypto';

/** Characters of each name kept in the readable part of the anchor. */
const SLUG_MAX = 40;

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_MAX)
    .replace(/^-+|-+$/g, '');
}

/**
 * `b-<suite>-<benchmark>-<8 hex>`: readable, stable across runs (it depends on the names only),
 * safe in an HTML id and a URL fragment as it is ([a-z0-9-]), and unique: the slugs fold
 * `branch/sorted` and `branch-sorted` together, the hash of the exact names tells them apart.
 */
export function benchmarkAnchor(suite: string, benchmark: string): string {
  const hash = createHash('sha256').update(`${suite}\n${benchmark}`).digest('hex').slice(0, 8);
  return ['b', slug(suite), slug(benchmark), hash].filter((part) => part !== '').join('-');
}

/** Why a dashboard URL is unusable as a link base, or null. */
export function dashboardUrlProblem(url: string): string | null {
  return /^https?:\/\/[^\s"'<>()#`\\]+$/.test(url)
    ? null
    : `dashboard URL ${JSON.stringify(url)}: expected an http(s) URL without spaces, quotes, brackets or a #fragment`;
}

/** The dashboard's section of one benchmark. The URL must have passed dashboardUrlProblem. */
export function benchmarkLink(dashboardUrl: string, suite: string, benchmark: string): string {
  return `${dashboardUrl}#${benchmarkAnchor(suite, benchmark)}`;
}
