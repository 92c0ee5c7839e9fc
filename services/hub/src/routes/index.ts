import { requireBearer } from '../middleware/authenticate';
import { idempotentChanges } from '../middleware/idempotency';
import { limitPrincipals, limitTokenRequests, RateLimiter } from '../middleware/rate-limit';
import type { HubApp, HubDeps } from '../types';
import { registerAgencies } from './agencies/routes';
import { registerAgreements } from './agreements/routes';
import { registerApiClients } from './api-clients/routes';
import { registerDirectory } from './directory/routes';
import { registerGetMe } from './me/get-me';
import { registerToken } from './oauth/token';
import { registerDocs } from './system/docs';
import { registerHealth } from './system/health';
import { registerJwks } from './system/jwks';
import { registerUsers } from './users/routes';
import { registerSubjects } from './subjects/routes';
import { registerConsents } from './consents/routes';
import { registerAccessEvents } from './access-events/routes';
import { registerAccessLog } from './access-events/log-routes';
import { registerReferrals } from './referrals/routes';
import { registerEvents } from './events/routes';

export function registerRoutes(app: HubApp, deps: HubDeps) {
  registerHealth(app, deps);
  registerJwks(app, deps);
  registerDocs(app, deps);
  const tokenRate = deps.tokenRateLimitPerMinute ?? 120;
  app.use('/oauth/token', limitTokenRequests({ address: new RateLimiter(tokenRate), account: new RateLimiter(tokenRate) }, deps));
  registerToken(app, deps);

  // Everything under /v1 acts for an authenticated principal.
  app.use('/v1/*', requireBearer(deps));
  app.use('/v1/*', limitPrincipals(new RateLimiter(deps.rateLimitPerMinute ?? 1200)));
  app.use('/v1/*', idempotentChanges());
  registerGetMe(app);
  registerAgencies(app);
  registerDirectory(app);
  registerAgreements(app);
  registerUsers(app);
  registerApiClients(app);
  registerSubjects(app);
  registerConsents(app);
  registerAccessLog(app);
  registerAccessEvents(app);
  registerReferrals(app);
  registerEvents(app);
}
