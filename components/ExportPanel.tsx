import { EXPORT_FORMATS, EXPORT_FORMAT_NAMES } from '../utils/export/export-format';
import { usePopup } from './use-popup';

/** Share the log: a short post for a forum, on the clipboard, or files; preview exactly what will be written, with credentials always removed. */
export function ExportPanel() {
  const redaction = usePopup((state) => state.redaction);
  const preview = usePopup((state) => state.exportPreview);
  const status = usePopup((state) => state.exportStatus);
  const setRedaction = usePopup((state) => state.setRedaction);
  const previewExport = usePopup((state) => state.previewExport);
  const exportLog = usePopup((state) => state.exportLog);
  const forumIncludesHost = usePopup((state) => state.forumIncludesHost);
  const setForumIncludesHost = usePopup((state) => state.setForumIncludesHost);
  const copyForumPost = usePopup((state) => state.copyForumPost);
  return (
    <details class="panel export">
      <summary>Share or export the log</summary>
      <div class="forum-post">
        <button type="button" class="primary" data-action="copy-forum-post" onClick={() => void copyForumPost()}>
          Copy for a forum post
        </button>
        <button type="button" class="link" data-action="preview-forum-post" onClick={() => void previewExport('forum-post')} aria-label="Preview the forum post">
          preview
        </button>
        <p class="why">A short report: the most likely cause, its key evidence, your Immich version, who answered, your browser.</p>
        <label>
          <input type="checkbox" checked={forumIncludesHost} onChange={(event) => setForumIncludesHost(event.currentTarget.checked)} data-option="forum-include-host" /> Include my host name
          (hidden by default: forums are public)
        </label>
      </div>
      <h3>Files</h3>
      <p class="why">Cookies, request bodies and authorization headers are never recorded; keys, slugs, API keys and tokens in addresses are replaced by REDACTED.</p>
      <label>
        <input type="checkbox" checked={redaction.hideHost} onChange={(event) => setRedaction({ hideHost: event.currentTarget.checked })} data-option="hide-host" /> Replace the host name with
        immich.example
      </label>
      <label>
        <input type="checkbox" checked={redaction.hideAssetIds} onChange={(event) => setRedaction({ hideAssetIds: event.currentTarget.checked })} data-option="hide-asset-ids" /> Replace asset ids with
        pseudonyms
      </label>
      <div class="export-buttons">
        {EXPORT_FORMATS.map((format) => (
          <span key={format} class="export-format">
            <button type="button" data-action={`export-${format}`} onClick={() => void exportLog(format)}>
              {EXPORT_FORMAT_NAMES[format]}
            </button>
            <button type="button" class="link" data-action={`preview-${format}`} onClick={() => void previewExport(format)} aria-label={`Preview the ${EXPORT_FORMAT_NAMES[format]}`}>
              preview
            </button>
          </span>
        ))}
      </div>
      {status && (
        <p class="export-status" role="status">
          {status}
        </p>
      )}
      {preview && (
        <div class="preview">
          <p class="why">
            {preview.format === 'forum-post' ? 'What Copy for a forum post puts on the clipboard' : `${preview.filename}, ${Math.ceil(preview.bytes / 1024)} kB${preview.partial ? ' (the start of it)' : ''}`}:
          </p>
          <pre tabIndex={0} aria-label="Export preview" data-preview={preview.format}>
            {preview.text}
          </pre>
        </div>
      )}
    </details>
  );
}
