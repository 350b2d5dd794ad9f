/**
 * Synthetic business exceptions, as an ERP or CRM would raise them. Pure: the caller passes the
 * clock and the random source, so tests can replay a sequence.
 */
import { ulid } from 'ulid';
import type { WorkItem } from './work-item';
import { clamp, logNormal, pick, weightedPick, type Random } from './random';

export const EXCEPTION_TYPES = [
  ['PAYMENT_MISMATCH', 30],
  ['ADDRESS_INVALID', 20],
  ['DUPLICATE_INVOICE', 15],
  ['CUSTOMER_DATA_MISMATCH', 13],
  ['INVENTORY_SHORTAGE', 12],
  ['SHIPMENT_DELAY', 10],
] as const;

export const SEVERITIES = [
  ['LOW', 35],
  ['MEDIUM', 40],
  ['HIGH', 20],
  ['CRITICAL', 5],
] as const;

export const SOURCE_SYSTEMS = [
  ['SAP', 30],
  ['Salesforce', 25],
  ['Oracle-EBS', 15],
  ['NetSuite', 12],
  ['Shopify', 10],
  ['Workday', 8],
] as const;

const CURRENCIES = [
  ['EUR', 45],
  ['USD', 40],
  ['GBP', 15],
] as const;

/**
 * Defects that make a message fail at one stage on every attempt, so that it ends in that
 * stage's dead-letter queue with a meaningful reason (see stage-logic.ts).
 */
export const POISON_DEFECTS = ['empty-reference', 'unknown-currency', 'closed-account'] as const;
export type PoisonDefect = (typeof POISON_DEFECTS)[number];

export const CLOSED_ACCOUNT = 'CUST-CLOSED';
export const UNKNOWN_CURRENCY = 'XXX';

/** How long before intake the source system raised an exception: median 15 min, long tail, ≤ 20 h. */
const AGE_MEDIAN_MS = 15 * 60_000;
const AGE_SIGMA = 1.1;
const AGE_MIN_MS = 5_000;
const AGE_MAX_MS = 20 * 3_600_000;

export interface SyntheticExceptionOptions {
  readonly tenantId: string;
  readonly now: Date;
  readonly random: Random;
  /** Probability (0..1) that the exception carries a defect a stage will reject every time. */
  readonly poisonFraction: number;
}

/** A new exception for the intake queue. */
export function createSyntheticException(options: SyntheticExceptionOptions): WorkItem {
  const { random, now } = options;
  const ageMs = clamp(logNormal(random, AGE_MEDIAN_MS, AGE_SIGMA), AGE_MIN_MS, AGE_MAX_MS);
  const item: WorkItem = {
    exception: {
      exception_id: `EXC-${ulid(now.getTime(), random)}`,
      tenant_id: options.tenantId,
      type: weightedPick(random, EXCEPTION_TYPES),
      severity: weightedPick(random, SEVERITIES),
      source_system: weightedPick(random, SOURCE_SYSTEMS),
      created_at: new Date(now.getTime() - Math.round(ageMs)).toISOString(),
    },
    details: {
      amount: Math.round(clamp(logNormal(random, 240, 1), 1, 250_000) * 100) / 100,
      currency: weightedPick(random, CURRENCIES),
      reference: `INV-${String(Math.floor(random() * 1_000_000)).padStart(6, '0')}`,
      customer_id: `CUST-${String(Math.floor(random() * 100_000)).padStart(5, '0')}`,
    },
    context: {},
  };
  if (random() < options.poisonFraction) applyDefect(item, pick(random, POISON_DEFECTS));
  return item;
}

function applyDefect(item: WorkItem, defect: PoisonDefect): void {
  switch (defect) {
    case 'empty-reference':
      item.details.reference = '';
      break;
    case 'unknown-currency':
      item.details.currency = UNKNOWN_CURRENCY;
      break;
    case 'closed-account':
      item.details.customer_id = CLOSED_ACCOUNT;
      break;
  }
}
