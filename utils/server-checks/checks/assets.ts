import { isPlainObject } from '../../plain-object';
import { askEach, askServer, type ServerAsker } from '../ask';
import { MAX_FAILING_ASSETS, MAX_LOADED_ASSETS } from '../log-sample';
import { MAX_TEXT, textWithin } from '../read-report';
import { assetPatterns, hostPathOf, type AssetFacts, type AssetPattern } from '../asset-patterns';
import type { AskedRoute, CauseVerdict } from '../types';
import type { CheckContext, CheckOutcome } from './context';
import { refusal } from './refusal';
import { HIDDEN_CHARACTERS, unicodeEscape, visibleText, visibleTextWithin } from '../../visible-text';

const time = (value: unknown) => {
  const parsed = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isFinite(parsed) ? parsed : undefined;
};

/** The facts of `GET /api/assets/{id}` (AssetResponseDto, immich.md §5 "Thumb 404"); a record that is not one is not found. */
export function assetFacts(id: string, status: number | undefined, body: unknown): AssetFacts {
  if (status !== 200 || !isPlainObject(body)) return { id, found: false };
  return {
    id,
    found: true,
    isOffline: body.isOffline === true,
    hasThumbhash: typeof body.thumbhash === 'string' && body.thumbhash.length > 0,
    originalFileName: textWithin(body.originalFileName, 255),
    // As the server wrote it, not as shown: the command lists this very file (shellQuoted).
    originalPath: typeof body.originalPath === 'string' && body.originalPath.length <= 500 ? body.originalPath : undefined,
    uploadedAt: time(body.createdAt),
    takenAt: time(body.fileCreatedAt),
    ownerId: textWithin(body.ownerId, 60),
    libraryId: typeof body.libraryId === 'string' ? textWithin(body.libraryId, 60) : null,
  };
}

/** Each id's record, `AT_ONCE` at a time (./ask.ts). */
async function lookUp(asker: ServerAsker, path: (id: string) => string, ids: readonly string[]): Promise<Array<{ facts: AssetFacts; route: AskedRoute }>> {
  const answers = await askEach(asker, ids.map(path));
  return answers.map((answer, index) => ({ facts: assetFacts(ids[index]!, answer.route.status, answer.body), route: answer.route }));
}

const day = (time: number) => new Date(time).toISOString().slice(0, 10);

/** The guide's question each pattern answers, as a sentence, and how it bears on the causes. */
function explainPattern(pattern: AssetPattern, total: number): { sentence: string; verdicts: CauseVerdict[] } {
  const files = (reason: string): CauseVerdict[] => [{ cause: 'media-file-unreadable', verdict: 'supports', reason }];
  switch (pattern.kind) {
    case 'not-found':
      return { sentence: 'None of them exists for you: Immich answers "not found or no access" (deleted, another user\'s, or a share you no longer have).', verdicts: [{ cause: 'asset-not-accessible', verdict: 'supports', reason: 'the failing assets do not exist for this user' }] };
    case 'uploaded-since':
      return { sentence: `Only assets uploaded since ${day(pattern.since)} fail; those uploaded before load: new uploads are stored where Immich no longer finds them (a volume not mounted since an update?).`, verdicts: files(`only assets uploaded since ${day(pattern.since)} fail`) };
    case 'uploaded-before':
      return { sentence: `Only assets uploaded before ${day(pattern.before)} fail; newer ones load: an old folder is missing (a migration or a restore that left it out?).`, verdicts: files(`only assets uploaded before ${day(pattern.before)} fail`) };
    case 'one-library':
      return {
        sentence: `All of them are in one external library${pattern.offline ? ', which Immich marks offline' : ''}, and none of those that load: the library's folder (a NAS share?) is not reachable from the container.`,
        verdicts: files(`all failing assets are in one external library${pattern.offline ? ', offline' : ''}`),
      };
    case 'one-folder':
      return { sentence: 'All of them are in one folder, which none of those that load is in: that folder is missing or unreadable.', verdicts: files('all failing assets are in one folder') };
    case 'another-user':
      return { sentence: 'All of them belong to another user (a partner\'s or a shared album\'s).', verdicts: [] };
    case 'never-generated':
      return {
        sentence: `${pattern.count} of ${total} have no thumbhash: their thumbnail was never generated.`,
        verdicts: [{ cause: 'thumbnail-not-generated', verdict: 'supports', reason: `${pattern.count} of the failing assets have no thumbhash` }],
      };
    case 'generated-once':
      return { sentence: 'All have a thumbhash: their thumbnails were generated once, so their files went missing since.', verdicts: [{ cause: 'thumbnail-not-generated', verdict: 'against', reason: 'the failing assets have thumbhashes: their thumbnails were made once' }] };
  }
}

/**
 * A path quoted for a POSIX shell: the user pastes the command as it is. One with a control or a
 * bidirectional character (an RTL file name's marks) is written in bash's `$'…'`, where `\u200f` is the
 * character itself (bash 4.2+, UTF-8 locale): the command shows the characters it lists, in their order
 * (../../visible-text.ts).
 */
function shellQuoted(path: string): string {
  if (visibleText(path) === path) return `'${path.replaceAll("'", "'\\''")}'`;
  return `$'${path.replace(/[\\']/g, (char) => `\\${char}`).replace(HIDDEN_CHARACTERS, unicodeEscape)}'`;
}

/**
 * Where the failing files are, in the user's own words (file names, folders): the first failing
 * original, in the container and on the host, with the command that lists it there, and the folder
 * they share.
 */
function privateDetail(found: readonly AssetFacts[], patterns: readonly AssetPattern[], mediaRoot: string, hostMediaPath: string | undefined): { detail?: string; command?: string } {
  const first = found.find((asset) => asset.originalPath);
  if (!first?.originalPath) return {};
  const onHost = (path: string) => hostPathOf(path, mediaRoot, hostMediaPath);
  const hostPath = onHost(first.originalPath);
  const where = hostPath ? `, on the host ${hostPath}` : hostMediaPath ? '' : ' (enter where your UPLOAD_LOCATION is on the host in the options, and this gives its host path)';
  const sentences = [`First failing original: ${first.originalFileName ?? first.id}, in the container ${first.originalPath}${where}.`];
  const folder = patterns.find((pattern) => pattern.kind === 'one-folder');
  if (folder?.kind === 'one-folder') sentences.push(`Their folder: ${folder.folder}${onHost(folder.folder) ? ` (on the host: ${onHost(folder.folder)})` : ''}.`);
  // Within what a stored report may hold (../read-report.ts): a long name shortens the sentence; a
  // command too long to hold is left out rather than cut into one that lists something else.
  const text = sentences.join(' ');
  const detail = visibleText(text);
  const command = hostPath ? `ls -l ${shellQuoted(hostPath)}` : undefined;
  return { detail: detail.length > MAX_TEXT ? `${visibleTextWithin(text, MAX_TEXT - 1)}…` : detail, ...(command && command.length <= MAX_TEXT ? { command } : {}) };
}

/**
 * The failing assets themselves (v1.106+, any user, immich.md §5): their records for up to 20 failing
 * ids and 10 loading ones, summarised as the guide's questions (./asset-patterns.ts). The paths and
 * file names go into `detail`, for the popup only: they are the user's own.
 */
export async function checkAssets({ asker, routes, settings, sample }: CheckContext): Promise<CheckOutcome> {
  if (!routes.asset) return { status: 'skipped', summary: 'This Immich is older than v1.106: the checks know no asset route for it.', asked: [], verdicts: [] };
  const failingIds = [...new Set(sample?.failingAssets ?? [])].slice(0, MAX_FAILING_ASSETS);
  if (failingIds.length === 0) return { status: 'skipped', summary: 'No failing request named an asset: nothing to look up.', asked: [], verdicts: [] };
  const healthyIds = [...new Set(sample?.loadedAssets ?? [])].filter((id) => !failingIds.includes(id)).slice(0, MAX_LOADED_ASSETS);
  const me = routes.me ? await askServer(asker, routes.me) : undefined;
  const why = me && refusal(me, 'the failing assets');
  if (why) return { ...why, asked: [me.route], verdicts: [] };
  const userId = textWithin((me?.body as { id?: unknown } | undefined)?.id, 60);
  const failing = await lookUp(asker, routes.asset, failingIds);
  const healthy = await lookUp(asker, routes.asset, healthyIds);
  const asked = [...(me ? [me.route] : []), ...failing.map((entry) => entry.route), ...healthy.map((entry) => entry.route)];
  const facts = failing.map((entry) => entry.facts);
  const patterns = assetPatterns(facts, healthy.map((entry) => entry.facts), { userId, mediaRoot: routes.mediaRoot });
  const found = facts.filter((asset) => asset.found);
  const explained = patterns.map((pattern) => explainPattern(pattern, found.length));
  const uploaded = found.map((asset) => asset.uploadedAt).filter((value): value is number => value !== undefined);
  const figure = [
    `${found.length} of ${facts.length} found`,
    `${found.filter((asset) => asset.isOffline).length} offline`,
    `${found.filter((asset) => asset.hasThumbhash === false).length} without thumbhash`,
    uploaded.length > 0 ? `uploaded ${day(Math.min(...uploaded))} to ${day(Math.max(...uploaded))}` : undefined,
    healthy.length > 0 ? `compared with ${healthy.length} that load` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  const { detail, command } = privateDetail(found, patterns, routes.mediaRoot, settings.hostMediaPath);
  const lead = `Looked up ${facts.length} failing asset${facts.length === 1 ? '' : 's'}.`;
  const outcome: CheckOutcome = {
    status: explained.some((entry) => entry.verdicts.some((verdict) => verdict.verdict === 'supports')) || patterns.some((pattern) => pattern.kind === 'another-user') ? 'problem' : 'ok',
    summary: [lead, ...explained.map((entry) => entry.sentence)].join(' ') + (patterns.length === 0 ? ' They share no upload date, folder, library or owner that the loading ones do not.' : ''),
    figure,
    asked,
    verdicts: explained.flatMap((entry) => entry.verdicts),
  };
  if (detail) outcome.detail = detail;
  if (command) outcome.command = command;
  return outcome;
}
