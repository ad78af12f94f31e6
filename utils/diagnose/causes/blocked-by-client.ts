import { defineCause, whenAnySeen } from '../cause';
import { verify } from '../check';
import { outcomes } from '../filters';

/** net::ERR_BLOCKED_BY_CLIENT: another extension (an ad blocker) or a policy stopped the request (immich.md §5). */
const blocked = { outcome: outcomes.network('blocked-by-client') };

export const blockedByClient = defineCause({
  id: 'blocked-by-client',
  title: 'Another browser extension blocks Immich requests',
  summary: 'another extension (an ad blocker) blocked the requests',
  layer: 'client',
  explanation:
    'The browser itself stopped these requests before they left: an ad or tracker blocker, a privacy extension or a browser policy matched Immich\'s URLs.',
  checks: [
    { title: 'Test in a private window with other extensions off', changes: 'nothing', source: 'guide: Clear Browser Cache and Test Another Client' },
    { title: 'Allow this Immich address ({{origin}}) in your ad blocker or privacy extension', changes: 'browser', source: 'immich.md: §5 (ERR_BLOCKED_BY_CLIENT)' },
    verify('No request should be blocked any more.'),
  ],
  detect: whenAnySeen([blocked], 0.9),
});
