/**
 * Every console path, in one place. Routes, links, redirects and the side navigation read them
 * from here, so a page moves by changing one line.
 *
 * Console paths never start with /api: the API shares the origin under that prefix.
 * New pages are added here first — see docs/console.md, "Adding a page".
 */
export const paths = {
  home: '/',
  ops: '/ops',
  opsWorkers: '/ops/workers',
  opsSla: '/ops/sla',
  opsDlq: '/ops/dlq',
  opsAlerts: '/ops/alerts',
  opsAlertHistory: '/ops/alerts/history',
  signIn: '/sign-in',
  tenants: '/admin/tenants',
  apiKeys: '/admin/api-keys',
  audit: '/admin/audit',
} as const;
