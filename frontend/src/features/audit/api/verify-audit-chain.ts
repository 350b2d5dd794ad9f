import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { AuditChainVerification } from '../../../types/api';

/** `GET /api/admin/audit/verify`: re-computes a tenant's hash chain and reports the first broken link. */
export function verifyAuditChain(tenantId: string): Promise<AuditChainVerification> {
  return apiRequest<AuditChainVerification>('/admin/audit/verify', { query: { tenant_id: tenantId } });
}

/**
 * A verification is something the user asks for and reads once, not data to cache and poll,
 * so it runs as a mutation although the endpoint is a GET.
 */
export function useVerifyAuditChain() {
  return useMutation({ mutationFn: verifyAuditChain });
}
