import { ALERT_TYPE_SPECS as API_TYPE_SPECS } from '../../../../../shared/alerts/alert-vocabulary';
import type { AlertType } from '../../../types/ops';

/**
 * What each alert type measures, for the rule form: the API's own type specs (units and their
 * bounds, defaults, scopes) with the short unit labels the form shows. The API checks again.
 */
export interface TypeSpec {
  units: { unit: string; label: string; min: number; max: number; integer: boolean }[];
  defaultValue: number;
  defaultWindowMinutes: number | null;
  platformScope: boolean;
  workerTypeScope: boolean;
}

/** Short labels of the threshold units; a unit without one shows the API's own description. */
const UNIT_LABELS: Record<string, string> = {
  count: 'breaches in the window',
  percent_of_window: '% of the SLA window elapsed',
  entries: 'pending entries',
  entries_per_day: 'entries received today',
  consecutive_failures: 'failed probes in a row',
  percent: '% of attempts failed',
  percent_drop: '% drop below the baseline',
};

function formSpec(type: AlertType): TypeSpec {
  const spec = API_TYPE_SPECS[type];
  // The default unit first: the form preselects the first unit.
  const units = Object.entries(spec.units).sort(
    ([a], [b]) => Number(b === spec.defaultThreshold.unit) - Number(a === spec.defaultThreshold.unit),
  );
  return {
    units: units.map(([unit, bounds]) => ({
      unit,
      label: UNIT_LABELS[unit] ?? bounds.meaning,
      min: bounds.min,
      max: bounds.max,
      integer: bounds.integer,
    })),
    defaultValue: spec.defaultThreshold.value,
    defaultWindowMinutes: spec.defaultWindowMinutes,
    platformScope: spec.platformScope,
    workerTypeScope: spec.workerTypeScope,
  };
}

export const ALERT_TYPE_SPECS = Object.fromEntries(
  (Object.keys(API_TYPE_SPECS) as AlertType[]).map((type) => [type, formSpec(type)]),
) as Record<AlertType, TypeSpec>;

/** "3 failed probes in a row", as the rules table shows a threshold. */
export function describeThreshold(type: AlertType, value: number, unit: string): string {
  const label = ALERT_TYPE_SPECS[type]?.units.find((candidate) => candidate.unit === unit)?.label ?? unit;
  return `${value} ${label}`;
}
