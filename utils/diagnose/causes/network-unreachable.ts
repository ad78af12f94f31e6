import { whenAnySeen, type Cause } from '../cause';
import { CHECKS } from '../check';
import { outcomes } from '../log-view';

/** Connections that time out, drop or never get an answer (uploads cut mid-way are a proxy-timeout). */
const unreachable = {
  kinds: ['thumbnail', 'preview', 'fullsize', 'original', 'video', 'person-thumbnail', 'profile-image', 'websocket', 'api', 'app-shell', 'page', 'other'] as const,
  outcome: outcomes.network('timed-out', 'address-unreachable', 'internet-disconnected', 'connection-reset', 'connection-closed', 'empty-response'),
};

export const networkUnreachable: Cause = {
  id: 'network-unreachable',
  title: 'The network to the Immich server is failing',
  layer: 'network',
  severity: 'critical',
  explanation:
    'Connections to the server time out or are cut: this computer is offline or on another network, a firewall drops the traffic, or a link between the proxy, Immich and its storage is unstable.',
  checks: [
    { title: 'Check whether it only fails on Wi-Fi, VPN or mobile data', source: 'guide: Clear Browser Cache and Test Another Client' },
    CHECKS.directAccess,
    { title: 'Check the firewall and the Docker networks between the proxy and Immich', command: 'docker network ls && docker compose ps', source: 'guide: Confirm Network and Firewall Access' },
    CHECKS.proxyLogs,
    CHECKS.containers,
  ],
  detect: whenAnySeen([unreachable], 0.7),
};
