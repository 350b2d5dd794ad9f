import { PageHeader } from '../../components/ui/page-header';

export function OpsHomeRoute() {
  return <PageHeader title="ops-home" />;
}
