import { defineCause, whenAnySeen } from '../cause';
import { CHECKS } from '../check';
import { outcomes } from '../filters';

const unresolved = { outcome: outcomes.network('name-not-resolved') };

export const dnsFailure = defineCause({
  id: 'dns-failure',
  title: "The Immich host name does not resolve",
  summary: 'the host name does not resolve (DNS record, local DNS server, VPN off)',
  layer: 'network',
  stopsSite: true,
  severity: 'critical',
  explanation:
    'The browser could not look up the address of your Immich server: the DNS record is missing or wrong, a local DNS server (Pi-hole, router) is down, or you are outside the network where the name exists (VPN off).',
  checks: [
    { title: 'Look the name up from this computer', command: 'nslookup IMMICH_HOST', source: 'immich.md: §5 (ERR_NAME_NOT_RESOLVED)' },
    { title: 'Try the server\'s IP address and port directly', command: 'curl -si http://IMMICH_IP:2283/api/server/ping', source: 'guide: Confirm Network and Firewall Access' },
    { title: 'Check whether it only fails on Wi-Fi, VPN or mobile data', source: 'guide: Clear Browser Cache and Test Another Client' },
    CHECKS.otherClient,
  ],
  detect: whenAnySeen([unresolved], 0.95),
});
