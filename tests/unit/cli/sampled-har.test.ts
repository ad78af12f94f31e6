import { describe, expect, it } from 'vitest';
import { buildExport } from '../../../utils/export/export-file';
import { sampledLog } from '../../fixtures/sampled-log';
import { EXPORT_META } from '../../fixtures/two-causes';
import { diagnoseCli, writeTemp } from './run-cli';

/**
 * `npm run diagnose` on an Immich Doctor HAR that holds a sample of its log: it says so beside the
 * counts, which are the entries' (utils/import/sampled-har.ts), in text and in --json.
 */
describe('npm run diagnose: a HAR export that holds a sample of its log', () => {
  it('says how many requests the log counted, in text and in --json', () => {
    const file = writeTemp('sample.har', buildExport('har', sampledLog(30, 120, 10), EXPORT_META, { hideHost: false, hideAssetIds: false }).text);
    const text = diagnoseCli(file);
    expect(text.split('\n').slice(0, 3)).toContain("(this HAR holds 60 of the 150 requests Immich Doctor counted (30 failed): the counts here are of its entries; the extension's JSON export keeps every count)");
    const json = JSON.parse(diagnoseCli(file, '--json')) as { requests: number; counted: unknown };
    expect([json.requests, json.counted]).toEqual([60, { requests: 150, failed: 30 }]);
  }, 30_000);
});
