import { ALERT_TYPE_SPECS, type AlertType } from './alert-vocabulary';

/** Threshold checks of alert rules (pure), against the type specs in alert-vocabulary.ts. */

export type ThresholdProblem = { path: string; message: string };

/**
 * Fills in a rule's threshold defaults for its type and checks value and unit against the type's
 * units. Returns the resolved threshold, or the problems (paths relative to the body).
 */
export function resolveThreshold(
  alertType: AlertType,
  input: { threshold_value?: number; threshold_unit?: string; window_minutes?: number | null },
):
  | { ok: true; value: number; unit: string; windowMinutes: number | null }
  | { ok: false; problems: ThresholdProblem[] } {
  const spec = ALERT_TYPE_SPECS[alertType];
  const problems: ThresholdProblem[] = [];
  const unit = input.threshold_unit ?? spec.defaultThreshold.unit;
  const unitSpec = spec.units[unit];
  if (!unitSpec) {
    problems.push({
      path: 'threshold_unit',
      message: `must be one of ${Object.keys(spec.units).join(', ')} for ${alertType}`,
    });
  }
  const value =
    input.threshold_value ?? (unit === spec.defaultThreshold.unit ? spec.defaultThreshold.value : undefined);
  if (value === undefined) {
    problems.push({ path: 'threshold_value', message: `is required with threshold_unit ${unit}` });
  } else if (unitSpec) {
    if (value < unitSpec.min || value > unitSpec.max) {
      problems.push({
        path: 'threshold_value',
        message: `must be between ${unitSpec.min} and ${unitSpec.max} ${unit} (${unitSpec.meaning})`,
      });
    } else if (unitSpec.integer && !Number.isInteger(value)) {
      problems.push({ path: 'threshold_value', message: `must be a whole number of ${unit}` });
    }
  }
  let windowMinutes: number | null = spec.defaultWindowMinutes;
  if (input.window_minutes !== undefined && input.window_minutes !== null) {
    if (spec.defaultWindowMinutes === null) {
      problems.push({ path: 'window_minutes', message: `is not used by ${alertType}` });
    } else if (input.window_minutes > spec.maxWindowMinutes) {
      problems.push({
        path: 'window_minutes',
        message: `must be at most ${spec.maxWindowMinutes} for ${alertType}`,
      });
    } else {
      windowMinutes = input.window_minutes;
    }
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: value!, unit, windowMinutes };
}
