import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { API_POLICY_DIRECTIVES } from './content-security-policy';

/**
 * Security headers on every response, set in an onRequest hook so errors
 * (404 for an unknown path, 400, 429, 500 from the exception filter) carry
 * them too. HTML pages replace the CSP with their own (see pagePolicy).
 *
 * Strict-Transport-Security is off: the proxy that terminates TLS knows
 * whether every subdomain of the site is HTTPS; a header from here could lock
 * a department's other plain-HTTP intranet hosts out of browsers.
 */
export async function registerSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: API_POLICY_DIRECTIVES },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  });
}
