import { defineCause, whenAnySeen } from '../cause';
import { CHECKS, DOCS, verify } from '../check';
import { outcomes } from '../filters';

/** Browser-side certificate and handshake errors, and Cloudflare's origin TLS errors 525/526 (immich.md §5). */
const browserTls = { outcome: outcomes.network('certificate-invalid', 'tls-handshake-failed') };
const originTls = { outcome: outcomes.status(525, 526) };

export const tlsError = defineCause({
  id: 'tls-error',
  title: 'HTTPS certificate or TLS problem',
  summary: 'certificate or TLS errors, Cloudflare 525/526',
  layer: 'network',
  stopsSite: true,
  explanation:
    'The browser refused the secure connection: the certificate is self-signed, expired or for another name, or the TLS setup does not match. Behind Cloudflare, 525/526 mean Cloudflare could not talk TLS to your server.',
  checks: [
    {
      title: 'Inspect the certificate the server presents',
      changes: 'nothing',
      command: "openssl s_client -connect '{{host}}:{{port}}' -servername '{{host}}' </dev/null 2>/dev/null | openssl x509 -noout -subject -issuer -dates",
      runs: 'here',
      detail: 'The subject must name {{host}}, the issuer be one the browser trusts, and today fall between the dates.',
      source: 'immich.md: §5 (ERR_CERT_*)',
    },
    { title: 'Cloudflare 525/526: check the origin certificate and the SSL/TLS mode (Full vs Full strict)', changes: 'nothing', only: ['cloudflare'], source: 'immich.md: §5 (525/526)' },
    ...CHECKS.proxyLogs(),
    { title: 'Use a certificate the browser trusts (Let\'s Encrypt, or your own CA installed on every device)', changes: 'config', detail: "Immich's FAQ advises against self-signed certificates: the mobile app refuses them too.", source: 'immich.md: §5 (FAQ.mdx)', url: DOCS.faq },
    ...CHECKS.reloadProxy(),
    verify('The browser should open the address without a warning.', "curl -sI '{{origin}}{{ping}}' | head -n 1"),
  ],
  detect: whenAnySeen([browserTls, originTls], 0.95),
});
