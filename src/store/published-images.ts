/**
 * The flame graph in the PR comment: each changed benchmark's differential flame graph, as a
 * static SVG committed to the data branch and linked by the URL GitHub serves it at to anyone
 * who can read the repository (`{server}/{owner}/{repo}/raw/{branch}/{path}`; github.com then
 * redirects to its raw content host, with a token for private repositories).
 *
 * Each head commit gets its own folder, so an image is never overwritten: GitHub's caches
 * would keep showing the old picture under a reused URL, and older versions of the comment
 * keep their pictures. Publishing is an extra: every failure (a fork's read-only token, a
 * protected branch, no profiles) becomes a warning and the comment keeps its frames table.
 */
import type { ComparisonDoc } from '../compare/comparison-doc.js';
import { renderDiffImages } from '../engine/flamegraph-images.js';
import { commitToDataBranch, type CommitOptions, type DataBranchTarget, type DataFile } from './data-branch.js';
import { DEFAULT_DATA_BRANCH } from './git-remote.js';

export interface ImagePublishOptions {
  comparison: ComparisonDoc;
  suiteId: string;
  /** Folder of this report under the suite: `pr-<number>`, or the branch the run is about. */
  key: string;
  /** Where to push; `branch` defaults to perfgate-data. */
  target: Omit<DataBranchTarget, 'branch'> & { branch?: string };
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
  /** Path of each image inside the data branch. */
  paths: Record<string, string>;
  commit: string | null;
  warnings: string[];
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

/** `{server}/{owner}/{repo}/raw/{branch}/{path}`, each path segment percent-encoded. */
export function rawUrl(serverUrl: string, repository: string, branch: string, file: string): string {
  const enc = (p: string): string => p.split('/').map(encodeURIComponent).join('/');
  return `${serverUrl.replace(/\/+$/, '')}/${enc(repository)}/raw/${enc(branch)}/${enc(file)}`;
}

export async function publishFlameGraphImages(opts: ImagePublishOptions): Promise<PublishedImages> {
  const out: PublishedImages = { urls: {}, paths: {}, commit: null, warnings: [] };
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
  const branch = opts.target.branch ?? DEFAULT_DATA_BRANCH;
  try {
    const r = await commitToDataBranch(
      { ...opts.target, branch },
      files,
      `perfgate: flame graphs of ${opts.suiteId} for ${opts.key} at ${head}`,
      opts.commitOptions,
    );
    out.commit = r.commit;
  } catch (err) {
    out.warnings.push(
      `flame graph images not published (the comment keeps the frames table): ${(err as Error).message}`,
    );
    return out;
  }
  images.forEach((img, k) => {
    const p = files[k]!.path;
    out.paths[img.benchmark] = p;
    out.urls[img.benchmark] = rawUrl(opts.serverUrl, opts.repository, branch, p);
  });
  return out;
}
