import { Badge, type BadgeTone } from '../../../components/ui/badge';
import { Spinner } from '../../../components/ui/states';
import type { DlqStatus } from '../../../types/ops';

const TONES: Record<DlqStatus, BadgeTone> = {
  pending: 'warning',
  retrying: 'info',
  succeeded: 'success',
  failed: 'danger',
  discarded: 'neutral',
};

/** The entry's status; "retrying" carries a spinner, as the retry is in progress. */
export function DlqStatusBadge({ status }: { status: DlqStatus }) {
  return (
    <Badge tone={TONES[status] ?? 'neutral'}>
      {status === 'retrying' ? (
        <>
          <Spinner /> retrying
        </>
      ) : (
        status
      )}
    </Badge>
  );
}
