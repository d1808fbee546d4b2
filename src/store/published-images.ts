/**
 * The flame graph in the PR comment: each changed benchmark's differential flame graph, as a
 * static SVG committed to this month's images ref (`refs/perfgate/images/2026-12`, which no
 * default clone fetches) and linked by the URL GitHub serves it at to anyone who can read the
 * repository: `{server}/{owner}/{repo}/raw/{commit}/{path}`, naming the commit that holds it
 * (github.com serves any commit of the repository by its id and redirects to its raw content
 * host, with a token for private repositories; a ref outside refs/heads has no such URL).
 *
 * Each head commit gets its own folder, so an image is never overwritten: GitHub's caches
 * would keep showing the old picture under a reused URL, and older versions of the comment
 * keep their pictures. The job that starts a month's ref deletes the months whose last day is
 * more than `keepDays` old, which bounds the images kept; nothing is rewritten. Publishing is an extra: every failure (a fork's
 * read-only token, a refused push, no profiles) becomes a warning and the comment keeps its
 * frames table.
 */
import type { ComparisonDoc } from '../compare/comparison-doc.js';
import { renderDiffImages } from '../engine/flamegraph-images.js';
import {
  commitToDataRef,
  deleteDataRefs,
  listDataRefs,
  type CommitOptions,
  type DataRefTarget,
  type DataFile,
} from './data-ref.js';
import { DEFAULT_IMAGE_KEEP_DAYS, IMAGES_REF_PREFIX } from './git-remote.js';

export interface ImagePublishOptions {
  comparison: ComparisonDoc;
  suiteId: string;
  /** Folder of this report under the suite: `pr-<number>`, or the branch the run is about. */
  key: string;
  /** Where to push: the images go to `refs/perfgate/images/<YYYY-MM>` of this remote. */
  target: Omit<DataRefTarget, 'ref'>;
  /** Months whose last day is older than this many days are deleted (default 90). */
  keepDays?: number;
  /** The clock (tests); the month of the ref and the age of the others are by it. */
  now?: Date;
  /** GITHUB_SERVER_URL, e.g. https://github.com. */
  serverUrl: string;
  /** `owner/repo` (GITHUB_REPOSITORY). */
  repository: string;
  /** The `flamegraph-images` input: false publishes nothing. */
  enabled?: boolean;
  commitOptions?: CommitOptions;
}

export interface PublishedImages {
  /** Image URL per benchmark, for renderReport's `images`. */
  urls: Record<string, string>;
  /** Path of each image inside the images ref's tree. */
  paths: Record<string, string>;
  /** The ref and the commit on it that holds the images. */
  ref: string | null;
  commit: string | null;
  /** Month refs deleted because they were past keepDays. */
  pruned: string[];
  warnings: string[];
}

/** `refs/perfgate/images/2026-12` for a date in December 2026 (UTC). */
export function imagesRef(now: Date): string {
  return `${IMAGES_REF_PREFIX}${now.toISOString().slice(0, 7)}`;
}

/**
 * The month refs among `refs` whose month ended more than `keepDays` before `now`; refs under
 * the prefix that do not name a month (someone else's) are never picked.
 */
export function expiredImageRefs(refs: Iterable<string>, now: Date, keepDays: number): string[] {
  const out: string[] = [];
  for (const ref of refs) {
    const m = /^(\d{4})-(\d{2})$/.exec(ref.slice(IMAGES_REF_PREFIX.length));
    if (!ref.startsWith(IMAGES_REF_PREFIX) || !m) continue;
    const monthEnd = Date.UTC(Number(m[1]), Number(m[2]), 1); // the first instant of the next month
    if (now.getTime() - monthEnd > keepDays * 86_400_000) out.push(ref);
  }
  return out.sort();
}

/** A benchmark name as folders when every segment is safe, else one encoded file name. */
function benchPath(name: string): string {
  const ok = name.split('/').every((s) => /^[A-Za-z0-9._-]+$/.test(s) && s !== '.' && s !== '..' && s !== '.git');
  return ok ? name : encodeURIComponent(name).replace(/%/g, '_');
}

function segment(s: string): string {
  const t = s
    .replace(/[^A-Za-z0-9._/-]+/g, '-')
    .replace(/\/+/g, '/')
    .replace(/^\/|\/$/g, '');
  return (
    t
      .split('/')
      .filter((x) => x !== '' && x !== '.' && x !== '..')
      .join('/') || 'default'
  );
}

/** `{server}/{owner}/{repo}/raw/{commit}/{path}`, each path segment percent-encoded. */
export function rawUrl(serverUrl: string, repository: string, commit: string, file: string): string {
  const enc = (p: string): string => p.split('/').map(encodeURIComponent).join('/');
  return `${serverUrl.replace(/\/+$/, '')}/${enc(repository)}/raw/${enc(commit)}/${enc(file)}`;
}

/** Deletes the expired month refs; a failure is a warning (the images only stay longer). */
async function pruneImages(
  target: Omit<DataRefTarget, 'ref'>,
  now: Date,
  keepDays: number,
  out: PublishedImages,
): Promise<void> {
  try {
    const refs = await listDataRefs(target, IMAGES_REF_PREFIX);
    const expired = new Map(expiredImageRefs(refs.keys(), now, keepDays).map((r) => [r, refs.get(r)!]));
    out.pruned = (await deleteDataRefs(target, expired)).deleted;
  } catch (err) {
    out.warnings.push(
      `old flame graph images not pruned (they stay until a later run prunes them): ${(err as Error).message}`,
    );
  }
}

export async function publishFlameGraphImages(opts: ImagePublishOptions): Promise<PublishedImages> {
  const out: PublishedImages = { urls: {}, paths: {}, ref: null, commit: null, pruned: [], warnings: [] };
  if (opts.enabled === false) return out;
  const c = opts.comparison;
  const { images, warnings } = await renderDiffImages(c);
  out.warnings.push(...warnings);
  if (images.length === 0) return out;
  const head = (c.head.git.sha ?? 'unknown').slice(0, 12);
  const folder = `images/${segment(opts.suiteId)}/${segment(opts.key)}/${segment(head)}`;
  const files: DataFile[] = images.map((i) => ({
    path: `${folder}/${benchPath(i.benchmark)}${i.kind === 'offcpu' ? '.offcpu' : ''}.diff.svg`,
    content: i.svg,
  }));
  const now = opts.now ?? new Date();
  const ref = imagesRef(now);
  let landed: { commit: string; created: boolean };
  try {
    landed = await commitToDataRef(
      { ...opts.target, ref },
      files,
      `perfgate: flame graphs of ${opts.suiteId} for ${opts.key} at ${head}`,
      opts.commitOptions,
    );
  } catch (err) {
    out.warnings.push(
      `flame graph images not published (the comment keeps the frames table): ${(err as Error).message}`,
    );
    return out;
  }
  const { commit, created } = landed;
  out.ref = ref;
  out.commit = commit;
  images.forEach((img, k) => {
    const p = files[k]!.path;
    out.paths[img.benchmark] = p;
    out.urls[img.benchmark] = rawUrl(opts.serverUrl, opts.repository, commit, p);
  });
  // Once a month, by the job that starts the month's ref: the older months only age by months.
  if (created) await pruneImages(opts.target, now, opts.keepDays ?? DEFAULT_IMAGE_KEEP_DAYS, out);
  return out;
}
