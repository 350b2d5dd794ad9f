import { PageHeader } from '../../components/ui/page-header';

export function OpsDlqRoute() {
  return <PageHeader title="ops-dlq" />;
}
