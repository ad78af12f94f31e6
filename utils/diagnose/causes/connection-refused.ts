import { defineCause, whenAnySeen } from '../cause';
import { CHECKS, verify } from '../check';
import { outcomes } from '../filters';

const refused = { outcome: outcomes.network('connection-refused') };

export const connectionRefused = defineCause({
  id: 'connection-refused',
  title: 'Nothing is listening at the Immich address',
  summary: 'nothing accepts the connection at the address and port',
  layer: 'network',
  stopsSite: true,
  explanation:
    'The server\'s machine answered, but no program accepted the connection on that port: the proxy or Immich is stopped, listens on another port, or a firewall rejects the connection.',
  checks: [
    CHECKS.containers,
    {
      title: 'Check what listens on port {{port}}, the one your address uses',
      changes: 'nothing',
      command: "sudo ss -ltnp 'sport = :{{port}}'",
      docker: `docker ps --format '{{.Names}}\\t{{.Ports}}' | grep -E ':{{port}}->' || echo 'No container publishes port {{port}}'`,
      runs: 'server',
      detail: 'Nothing listed: the proxy (or Immich, without a proxy) is stopped or listens on another port.',
      source: 'immich.md: §5 (ERR_CONNECTION_REFUSED)',
    },
    CHECKS.serverLogs(['Failed to read (the start-up check of a .immich folder: a mount is missing)', 'exited with code'], 'Why it stopped: the last lines before it exited.'),
    ...CHECKS.directAccess,
    { title: 'Check the firewall on the server', changes: 'nothing', command: 'sudo nft list ruleset | head -50', runs: 'server', detail: 'With ufw: sudo ufw status. Port {{port}} must be open.', source: 'guide: Confirm Network and Firewall Access' },
    CHECKS.startImmich,
    verify('The address should answer again.', "curl -si '{{origin}}{{ping}}' | head -n 1"),
  ],
  detect: whenAnySeen([refused], 0.95),
});
