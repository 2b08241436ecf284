/**
 * GET /v1/bandit/report: reward over time per reply variant and the latest offline evaluation of
 * candidate policies, as JSON for the dashboard. `hours` (1-720, default 24) is the only input.
 */
import type { FastifyInstance } from 'fastify';
import type { BanditReport } from '../../bandit/index.js';
import { isParleyError } from '../../shared/errors.js';

export type BanditReportSource = (options: { hours?: number }) => Promise<BanditReport>;

export function registerBanditRoutes(app: FastifyInstance, report: BanditReportSource): void {
  app.get('/v1/bandit/report', async (request, reply) => {
    const raw = (request.query as Record<string, unknown>).hours;
    let hours: number | undefined;
    if (raw !== undefined) {
      hours = typeof raw === 'string' && /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
      if (!(hours >= 1 && hours <= 720)) {
        return reply.code(400).send({ code: 'PARLEY_BANDIT_REPORT_INVALID', message: 'hours must be a whole number from 1 to 720' });
      }
    }
    try {
      return await report(hours === undefined ? {} : { hours });
    } catch (error) {
      request.log.warn({ err: error }, 'bandit report failed');
      const status = isParleyError(error) ? error.status : 500;
      return reply.code(status).send({ code: isParleyError(error) ? error.code : 'PARLEY_BANDIT_REPORT_FAILED', message: 'The bandit report is unavailable.' });
    }
  });
}
