import { defineCause } from '../cause';
import { CHECKS, verify } from '../check';
import { outcomes } from '../filters';

const ALL_BUT_UPLOADS = ['thumbnail', 'preview', 'fullsize', 'original', 'video', 'person-thumbnail', 'profile-image', 'websocket', 'api', 'app-shell', 'page', 'other'] as const;

/** Connections that time out, drop or never get an answer (uploads cut mid-way are a proxy-timeout). */
const unreachable = {
  kinds: ALL_BUT_UPLOADS,
  outcome: outcomes.network('timed-out', 'address-unreachable', 'internet-disconnected', 'connection-reset', 'connection-closed', 'empty-response'),
};
/** No answer and no reason: how Firefox's HAR export records every failed request (status 0). A weak hint. */
const noAnswer = { kinds: ALL_BUT_UPLOADS, outcome: outcomes.network('unknown') };

export const networkUnreachable = defineCause({
  id: 'network-unreachable',
  title: 'The network to the Immich server is failing',
  summary: 'connections time out or are cut: offline, a firewall, an unstable link',
  layer: 'network',
  stopsSite: true,
  explanation:
    'Connections to the server time out or are cut: this computer is offline or on another network, a firewall drops the traffic, or a link between the proxy, Immich and its storage is unstable.',
  checks: [
    { title: 'Check whether it only fails on Wi-Fi, VPN or mobile data', changes: 'nothing', source: 'guide: Clear Browser Cache and Test Another Client' },
    ...CHECKS.directAccess,
    CHECKS.containers,
    { title: 'Check the Docker networks between the proxy and Immich', changes: 'nothing', command: 'docker network ls', docker: "docker inspect immich_server --format '{{json .NetworkSettings.Networks}}'", runs: 'server', detail: 'The proxy\'s container must share a network with immich_server.', source: 'guide: Confirm Network and Firewall Access' },
    ...CHECKS.proxyLogs({ nginx: ['upstream timed out', 'Connection reset by peer'] }),
    verify('Requests should no longer time out.', "curl -si --max-time 10 '{{origin}}{{ping}}' | head -n 1"),
  ],
  detect(view) {
    const matched = [unreachable, noAnswer].filter((filter) => view.has(filter));
    if (matched.length === 0) return undefined;
    return { matched, strength: view.has(unreachable) ? 0.7 : 0.45 };
  },
});
