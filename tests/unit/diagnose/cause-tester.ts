import { describe, expect, it } from 'vitest';
import type { RawRequest } from '../../../utils/classify/classify-request';
import type { Responder } from '../../../utils/classify/responder';
import { causeById } from '../../../utils/diagnose/catalog';
import type { CauseId, MediaScope } from '../../../utils/diagnose/cause';
import { diagnose } from '../../../utils/diagnose/diagnose';
import { logOf } from '../../fixtures/responses';

/** Traffic a cause must claim, with who it must say answered (and the media scope, for storage causes). */
export interface Claim {
  name: string;
  traffic: RawRequest[];
  responder: Responder;
  scope?: MediaScope;
}

/** Near-miss traffic: it looks like the cause's, but is another cause's or nobody's. */
export interface NearMiss {
  name: string;
  traffic: RawRequest[];
}

/**
 * ESLint's RuleTester, for causes: each cause alone (no ranking, no other cause) must claim its
 * traffic and must stay silent on the near misses. Which cause ranks first when several claim the
 * same requests is tests/unit/diagnose/diagnose.test.ts's business.
 */
export function testCause(id: CauseId, cases: { claims: Claim[]; ignores: NearMiss[] }): void {
  const cause = causeById(id);
  const alone = (traffic: RawRequest[]) => diagnose(logOf(traffic), { causes: [cause] });

  describe(id, () => {
    it.each(cases.claims.map((claim) => [claim.name, claim] as const))('claims: %s', (_name, claim) => {
      const report = alone(claim.traffic);
      expect(report.diagnoses[0]).toMatchObject({ cause: id, responder: claim.responder, ...(claim.scope ? { scope: claim.scope } : {}) });
      // Every failing request of a claim's traffic is this cause's: none left unexplained, none counted twice.
      expect(report.diagnoses[0]!.explained).toBe(report.failures);
    });

    it.each(cases.ignores.map((miss) => [miss.name, miss] as const))('ignores: %s', (_name, miss) => {
      expect(alone(miss.traffic).diagnoses).toEqual([]);
    });
  });
}
