/**
 * The options page's import, off the page's main thread: reading a 200 MB HAR is seconds of parsing
 * that would freeze the page (one 4.1 s task, measured), and a worker can be stopped at once by
 * `terminate()`, which is how Cancel works. Started by the options store (store.ts) with the file.
 */
import type { DiagnosisReport } from '../diagnose/diagnose';
import { diagnoseImport } from '../import/diagnose-import';
import { blobChunks } from '../import/file-chunks';
import { readImport, type ImportResult } from '../import/read-import';

export type ImportWorkerMessage = { type: 'progress'; read: number } | { type: 'done'; result: ImportResult; report?: DiagnosisReport };

const post = (message: ImportWorkerMessage) => self.postMessage(message);

self.onmessage = async ({ data: file }: MessageEvent<File>) => {
  const result = await readImport(blobChunks(file, (read) => post({ type: 'progress', read })));
  post({ type: 'done', result, report: result.ok ? diagnoseImport(result) : undefined });
};
