/**
 * Every console path, in one place. Routes, links, redirects and the side navigation read them
 * from here, so a page moves by changing one line.
 *
 * Console paths never start with /api: the API shares the origin under that prefix.
 * Operations pages (/ops, /ops/workers, /ops/sla, /ops/dlq, /ops/alerts) are added here by the
 * features that build them — see docs/console.md, "Adding a page".
 */
export const paths = {
  home: '/',
  signIn: '/sign-in',
  tenants: '/admin/tenants',
  apiKeys: '/admin/api-keys',
  audit: '/admin/audit',
} as const;
