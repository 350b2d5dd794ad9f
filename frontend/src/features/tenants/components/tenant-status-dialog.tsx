import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { useToast } from '../../../components/ui/toast';
import { describeError } from '../../../lib/errors';
import type { Tenant } from '../../../types/api';
import { useUpdateTenant } from '../api/update-tenant';

/** Confirms suspending an active tenant or reactivating a suspended one, then reports the result as a toast. */
export function TenantStatusDialog({ tenant, onClose }: { tenant: Tenant; onClose: () => void }) {
  const updateTenant = useUpdateTenant();
  const toast = useToast();
  const suspending = tenant.status === 'ACTIVE';
  const verb = suspending ? 'suspend' : 'reactivate';

  function confirm() {
    updateTenant.mutate(
      { tenantId: tenant.tenant_id, changes: { status: suspending ? 'SUSPENDED' : 'ACTIVE' } },
      {
        onSuccess: (updated) => {
          toast.success(`Tenant “${updated.name}” ${suspending ? 'suspended' : 'reactivated'}`);
          onClose();
        },
        onError: (error) => {
          const description = describeError(error);
          toast.error(`Could not ${verb} “${tenant.name}”`, description.detail ?? description.title);
          onClose();
        },
      },
    );
  }

  return (
    <ConfirmDialog
      open
      title={suspending ? `Suspend tenant “${tenant.name}”?` : `Reactivate tenant “${tenant.name}”?`}
      confirmLabel={suspending ? 'Suspend tenant' : 'Reactivate tenant'}
      tone={suspending ? 'danger' : 'primary'}
      pending={updateTenant.isPending}
      onConfirm={confirm}
      onCancel={onClose}
    >
      <p>
        {suspending
          ? `The status of ${tenant.tenant_id} becomes SUSPENDED. You can reactivate it at any time.`
          : `The status of ${tenant.tenant_id} becomes ACTIVE again.`}
      </p>
    </ConfirmDialog>
  );
}
