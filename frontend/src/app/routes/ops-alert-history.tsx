import { PageHeader } from '../../components/ui/page-header';

export function OpsAlertHistoryRoute() {
  return <PageHeader title="ops-alert-history" />;
}
