import { MEDIA_KINDS } from '../../classify/request-kind';
import { defineCause, whenAnySeen } from '../cause';
import { CHECKS, DOCS, verify } from '../check';
import { outcomes } from '../filters';

/** Immich never answers an image or video route with HTML, so such a page came from something else. */
const htmlMedia = { kinds: MEDIA_KINDS, outcome: outcomes.is('html') };

export const htmlInsteadOfMedia = defineCause({
  id: 'html-instead-of-media',
  title: 'A web page came back where a photo was due',
  summary: 'a web page came back where a photo was due',
  layer: 'proxy',
  explanation:
    'Image and video requests got an HTML page instead: a login or captive portal, a proxy or CDN error page served with status 200, or a proxy rule that sends /api to another site.',
  checks: [
    { title: 'Open one failing image address in a new tab and read the page that comes back', changes: 'nothing', source: 'guide: Inspect Reverse Proxy and Domain Configuration' },
    ...CHECKS.directAccess,
    { title: 'Check that every /api path goes to Immich in the proxy configuration', changes: 'nothing', command: 'sudo grep -rn -e "location" -e "proxy_pass" /etc/nginx/', runs: 'proxy', only: ['nginx'], source: 'guide: Inspect Reverse Proxy and Domain Configuration', url: DOCS.reverseProxy },
    ...CHECKS.proxyLogs(),
    verify('Photos should come back as images.'),
  ],
  detect: whenAnySeen([htmlMedia], 0.8),
});
