import { spawnSync } from 'node:child_process';
import type { Locator } from '@playwright/test';
import { TOKENS } from '../../utils/diagnose/check';
import { expect, test } from './fixtures';

/**
 * Issue 10: the steps the popup shows are filled for the site the user watches. A lab scenario behind a
 * real proxy is played, and the first card's commands are read back from the popup: they name the lab's
 * real host and port and the proxy that answered, pass `bash -n`, and the read-only ones run for real.
 */

async function commandsOf(card: Locator): Promise<string[]> {
  return card.locator('ol.checks pre code').allTextContents();
}

const bashAccepts = (command: string) => spawnSync('bash', ['-n', '-c', command], { encoding: 'utf8' }).status === 0;

for (const [scenario, proxy, proxyLog] of [
  ['upstream-down-nginx', 'nginx', 'sudo tail -n 100 /var/log/nginx/error.log'],
  ['upstream-down-caddy', 'caddy', 'sudo journalctl -u caddy --since "1 hour ago" --no-pager | tail -n 100'],
] as const) {
  test(`${scenario}: the popup's commands name the lab's host and port and ${proxy}'s log, and run as pasted`, async ({ extension, playScenario }) => {
    const { running } = await playScenario(scenario);
    const popup = await extension.openPopup(running.origin);
    await popup.setViewportSize({ width: 480, height: 600 });
    const card = popup.locator('[data-cause]').first();
    await expect(card).toHaveAttribute('data-cause', 'upstream-unreachable');
    await expect(card).toHaveAttribute('data-responder', proxy);

    const commands = await commandsOf(card);
    const { host, port } = new URL(running.origin);
    const ping = `curl -si '${running.origin}/api/server/ping'`;
    expect(commands).toContain(ping);
    expect(commands.join('\n')).toContain(host);
    expect(commands.join('\n')).toContain(port);
    expect(commands).toContain(proxyLog);
    expect(commands.join('\n')).not.toMatch(new RegExp(`<proxy>|IMMICH_HOST|# or:|\\{\\{(${TOKENS.join('|')})\\}\\}`));
    for (const command of commands) expect(bashAccepts(command), command).toBe(true);

    // The read-only check, pasted into bash against the lab: the proxy answers, Immich behind it does not.
    const result = spawnSync('bash', ['-c', ping], { encoding: 'utf8', timeout: 10_000 });
    expect(result.stdout).toMatch(/^HTTP\/1\.1 502/);
    expect(result.stdout.toLowerCase()).toContain(`server: ${proxy}`);

    // Read-only first, Verify last: its hint, the plain docker form, where to run, a docs link.
    const steps = card.locator('ol.checks > li');
    await expect(steps.first()).toHaveAttribute('data-changes', 'nothing');
    await expect(steps.last()).toHaveAttribute('data-verify', '');
    await expect(steps.last()).toContainText('Verify:');
    await expect(card.locator('[data-part="hint"]').first()).toContainText('Changes nothing. Run on the Immich server, in the folder with its docker-compose.yml and .env.');
    // The plain docker form waits one click under its docker compose form.
    const dockerLogs = card.getByText('docker logs --tail=200 immich_server', { exact: true });
    await expect(dockerLogs).toBeHidden();
    await card.locator('details.docker-form', { hasText: 'docker logs --tail=200 immich_server' }).locator(':scope > summary').click();
    await expect(dockerLogs).toBeVisible();
    await expect(card.locator('[data-part="source"] a[href^="https://docs.immich.app/"]').first()).toBeAttached();

    // Long commands wrap inside the 480 px popup: none scrolls sideways.
    const overflowing = await card.locator('pre').evaluateAll((pres) => pres.filter((pre) => pre.scrollWidth > pre.clientWidth + 1).length);
    expect(overflowing).toBe(0);
  });
}

test("upload-too-large: nginx's 413 card changes the limit, reloads nginx, then says how to verify", async ({ extension, playScenario }) => {
  const { running } = await playScenario('upload-too-large');
  const popup = await extension.openPopup(running.origin);
  const card = popup.locator('[data-cause]').first();
  await expect(card).toHaveAttribute('data-cause', 'proxy-body-too-large');
  await expect(card).toHaveAttribute('data-responder', 'nginx');
  const commands = await commandsOf(card);
  expect(commands).toContain('client_max_body_size 50000M;');
  expect(commands).toContain('sudo nginx -t && sudo systemctl reload nginx');
  expect(commands.join('\n')).not.toMatch(/Caddy|traefik|Cloudflare/i);
  const steps = card.locator('ol.checks > li');
  await expect(steps.first()).toHaveAttribute('data-changes', 'nothing');
  await expect(steps.nth((await steps.count()) - 2)).toContainText('Check and reload nginx');
  await expect(steps.last()).toContainText('Upload the same file again');
});
