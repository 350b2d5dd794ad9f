import { PageHeader } from '../../components/ui/page-header';

export function OpsAlertsRoute() {
  return <PageHeader title="ops-alerts" />;
}
