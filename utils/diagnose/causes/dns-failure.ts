import { defineCause, whenAnySeen } from '../cause';
import { CHECKS, verify } from '../check';
import { outcomes } from '../filters';

const unresolved = { outcome: outcomes.network('name-not-resolved') };

export const dnsFailure = defineCause({
  id: 'dns-failure',
  title: "The Immich host name does not resolve",
  summary: 'the host name does not resolve (DNS record, local DNS server, VPN off)',
  layer: 'network',
  stopsSite: true,
  explanation:
    'The browser could not look up the address of your Immich server: the DNS record is missing or wrong, a local DNS server (Pi-hole, router) is down, or you are outside the network where the name exists (VPN off).',
  checks: [
    { title: 'Look the name up from this computer', changes: 'nothing', command: "nslookup '{{host}}'", runs: 'here', detail: 'An address means DNS works here now; "NXDOMAIN" or "can\'t find" means the record is missing or the DNS server does not know it.', source: 'immich.md: §5 (ERR_NAME_NOT_RESOLVED)' },
    { title: 'Open Immich by the server\'s IP address and port instead (e.g. http://192.168.1.10:2283)', changes: 'nothing', detail: 'If that works, only the name is the problem.', source: 'guide: Confirm Network and Firewall Access' },
    { title: 'Check whether it only fails on Wi-Fi, VPN or mobile data', changes: 'nothing', source: 'guide: Clear Browser Cache and Test Another Client' },
    CHECKS.otherClient,
    verify('The name should resolve and Immich load.', "nslookup '{{host}}'"),
  ],
  detect: whenAnySeen([unresolved], 0.95),
});
