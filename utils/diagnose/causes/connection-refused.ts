import { defineCause, whenAnySeen } from '../cause';
import { CHECKS } from '../check';
import { outcomes } from '../filters';

const refused = { outcome: outcomes.network('connection-refused') };

export const connectionRefused = defineCause({
  id: 'connection-refused',
  title: 'Nothing is listening at the Immich address',
  summary: 'nothing accepts the connection at the address and port',
  layer: 'network',
  stopsSite: true,
  severity: 'critical',
  explanation:
    'The server\'s machine answered, but no program accepted the connection on that port: the proxy or Immich is stopped, listens on another port, or a firewall rejects the connection.',
  checks: [
    CHECKS.containers,
    { title: 'Check what listens on the port you use', command: 'ss -ltnp | grep -E ":(80|443|2283)\\b"', source: 'immich.md: §5 (ERR_CONNECTION_REFUSED)' },
    CHECKS.serverLogs,
    ...CHECKS.directAccess,
    { title: 'Check the firewall on the server', command: 'sudo nft list ruleset | head -50   # or: sudo ufw status', source: 'guide: Confirm Network and Firewall Access' },
  ],
  detect: whenAnySeen([refused], 0.95),
});
