import { getRouteApi } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/page-header';
import { SegmentedControl } from '../../components/ui/segmented-control';
import { usePrincipal } from '../../features/auth/api/get-me';
import {
  AtRiskPanel,
  BreachHistoryPanel,
  ComplianceTrendPanels,
  ResolutionTimePanel,
} from '../../features/sla/components/sla-panels';
import { TenantPicker } from '../../features/tenants/components/tenant-picker';
import { isPlatformPrincipal } from '../../lib/authorization';
import { SLA_PERIODS, type SlaPeriod } from '../../types/ops';
import { definedEntries } from '../search-params';

const routeApi = getRouteApi('/console/ops/sla');
const PERIOD_LABELS: Record<SlaPeriod, string> = { day: 'Day', week: 'Week', month: 'Month' };

/** SLA compliance of one tenant (or, for platform principals, of every tenant): trends, resolution times, what is at risk and what was breached. */
export function OpsSlaRoute() {
  const principal = usePrincipal();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const platform = isPlatformPrincipal(principal);
  const tenantId = platform ? (search.tenant ?? null) : principal.tenant_id;
  const period = search.period ?? 'day';

  return (
    <>
      <PageHeader
        title="SLA"
        description="How many exceptions meet their SLA deadline, how long they take, and which are about to breach."
      />
      <div className="toolbar">
        {platform ? (
          <TenantPicker
            value={tenantId}
            emptyLabel="All tenants"
            onChange={(next) =>
              void navigate({ search: (prev) => definedEntries({ ...prev, tenant: next ?? undefined }) })
            }
          />
        ) : null}
        <SegmentedControl
          label="Period"
          options={SLA_PERIODS}
          value={period}
          format={(option) => PERIOD_LABELS[option]}
          onChange={(next) => void navigate({ search: (prev) => ({ ...prev, period: next }) })}
        />
      </div>
      <div className="stack">
        <ComplianceTrendPanels
          params={{ tenantId, period }}
          extra={<ResolutionTimePanel params={{ tenantId, period }} />}
        />
        <AtRiskPanel tenantId={tenantId} />
        <BreachHistoryPanel tenantId={tenantId} />
      </div>
    </>
  );
}
