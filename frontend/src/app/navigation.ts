import { paths } from '../config/paths';
import {
  canManageApiKeys,
  canViewAudit,
  canViewOps,
  canViewTenants,
  isPlatformPrincipal,
  RouteForbiddenError,
  ROLE_LABELS,
} from '../lib/authorization';
import type { Principal } from '../types/api';

export type ConsolePath = (typeof paths)[keyof typeof paths];

export interface NavigationItem {
  to: ConsolePath;
  label: (principal: Principal) => string;
  /** Hides the entry and guards the route; the API enforces the same rule on every call. */
  isAllowed: (principal: Principal) => boolean;
  /** Said when a role that is not allowed opens the page anyway. */
  requirement: string;
}

export interface NavigationSection {
  title: string;
  items: NavigationItem[];
}

/**
 * The console's pages, in the order the side navigation lists them. A page is one entry here and
 * one route in router.tsx; its guard reads the entry's `isAllowed`, so the menu and the route can
 * never disagree. The Operations section (operator and above) goes first, so `/` sends operators
 * to the Ops overview and viewers to the tenant page.
 */
const OPS_REQUIREMENT = 'The operations pages are for operators and above.';

export const navigationSections: NavigationSection[] = [
  {
    title: 'Operations',
    items: [
      { to: paths.ops, label: () => 'Overview', isAllowed: canViewOps, requirement: OPS_REQUIREMENT },
      { to: paths.opsWorkers, label: () => 'Workers', isAllowed: canViewOps, requirement: OPS_REQUIREMENT },
      { to: paths.opsSla, label: () => 'SLA', isAllowed: canViewOps, requirement: OPS_REQUIREMENT },
      { to: paths.opsDlq, label: () => 'Dead letters', isAllowed: canViewOps, requirement: OPS_REQUIREMENT },
      {
        to: paths.opsAlerts,
        label: () => 'Alert rules',
        isAllowed: canViewOps,
        requirement: OPS_REQUIREMENT,
      },
      {
        to: paths.opsAlertHistory,
        label: () => 'Alert history',
        isAllowed: canViewOps,
        requirement: OPS_REQUIREMENT,
      },
    ],
  },
  {
    title: 'Administration',
    items: [
      {
        to: paths.tenants,
        label: (principal) => (isPlatformPrincipal(principal) ? 'Tenants' : 'Tenant'),
        isAllowed: canViewTenants,
        requirement: 'Tenants are visible to viewers and above.',
      },
      {
        to: paths.apiKeys,
        label: () => 'API keys',
        isAllowed: canManageApiKeys,
        requirement: 'API keys are managed by admins.',
      },
      {
        to: paths.audit,
        label: () => 'Audit trail',
        isAllowed: canViewAudit,
        requirement: 'The audit trail is for admins.',
      },
    ],
  },
];

/** The sections and entries this principal may use; empty sections disappear. */
export function visibleNavigation(principal: Principal): NavigationSection[] {
  return navigationSections
    .map((section) => ({ ...section, items: section.items.filter((item) => item.isAllowed(principal)) }))
    .filter((section) => section.items.length > 0);
}

/** Where `/` sends this principal: the first page it may use, or null when there is none. */
export function firstAllowedPath(principal: Principal): ConsolePath | null {
  return visibleNavigation(principal)[0]?.items[0]?.to ?? null;
}

/** Route guard: throws when the principal's role may not open the page at `path`. */
export function assertPageAllowed(path: ConsolePath, principal: Principal): void {
  const item = navigationSections
    .flatMap((section) => section.items)
    .find((candidate) => candidate.to === path);
  if (item && !item.isAllowed(principal)) {
    throw new RouteForbiddenError(
      `${item.requirement} This key has the ${ROLE_LABELS[principal.role]} role.`,
    );
  }
}
