import { MEDIA_KINDS } from '../../classify/request-kind';
import { defineCause, whenAnySeen } from '../cause';
import { CHECKS, verify } from '../check';
import { outcomes, responders } from '../filters';

/** 400 "Not found or no asset.view access" for unknown assets or no access; 403 for a key without permission (immich.md §3). */
const refused = { kinds: MEDIA_KINDS, outcome: outcomes.status(400, 403), responder: responders.immich };

export const assetNotAccessible = defineCause({
  id: 'asset-not-accessible',
  title: 'Immich refuses access to these photos',
  summary: '400/403 from Immich: another account, deleted assets, a shared link without them',
  layer: 'auth',
  explanation:
    'Immich answered "not found or no access": you are logged in as another user, the photos were deleted, or a shared link no longer includes them (or does not allow downloads).',
  checks: [
    { title: 'Check which account owns these photos, and whether they are in the trash', changes: 'nothing', source: 'immich.md: §5 (400 Not found or no asset.view access)' },
    { title: 'For a shared link: check that it still contains the photos and allows downloads', changes: 'nothing', source: 'immich.md: §3 (shared link without allowDownload)' },
    CHECKS.otherClient,
    CHECKS.logInAgain,
    verify('The photos should load as the account that owns them.'),
  ],
  detect: whenAnySeen([refused], 0.7),
});
