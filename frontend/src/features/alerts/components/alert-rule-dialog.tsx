import { useState, type FormEvent } from 'react';
import { Field } from '../../../components/ui/field';
import { FormDialog, useFormErrors } from '../../../components/ui/form-dialog';
import { useToast } from '../../../components/ui/toast';
import {
  ALERT_TYPES,
  SEVERITIES,
  WEEKDAYS,
  WORKER_TYPES,
  type AlertChannel,
  type AlertRule,
  type AlertRuleInput,
  type AlertType,
  type Severity,
  type Weekday,
  type WorkerType,
} from '../../../types/ops';
import { useSaveAlertRule } from '../api/alert-rules';
import { alertTypeLabel } from './alert-badges';
import { ALERT_TYPE_SPECS } from './alert-type-specs';

export interface AlertRuleDialogProps {
  owner: string | null;
  /** The rule to edit; null creates one. */
  rule: AlertRule | null;
  /** Types that already have a rule (one rule per type and owner). */
  takenTypes: AlertType[];
  channels: AlertChannel[];
  platformOwner: boolean;
  onClose: () => void;
}

/** Creates or edits an alert rule: type, threshold with unit, severity, channels, quiet hours, escalation, enabled. */
export function AlertRuleDialog({
  owner,
  rule,
  takenTypes,
  channels,
  platformOwner,
  onClose,
}: AlertRuleDialogProps) {
  const save = useSaveAlertRule(owner);
  const toast = useToast();
  const availableTypes = ALERT_TYPES.filter(
    (type) =>
      type === rule?.alert_type ||
      (!takenTypes.includes(type) && (!platformOwner || ALERT_TYPE_SPECS[type].platformScope)),
  );
  const [type, setType] = useState<AlertType>(rule?.alert_type ?? availableTypes[0] ?? 'SLA_BREACH');
  const spec = ALERT_TYPE_SPECS[type];
  const [unit, setUnit] = useState(rule?.threshold_unit ?? spec.units[0]!.unit);
  const [value, setValue] = useState(String(rule?.threshold_value ?? spec.defaultValue));
  const [windowMinutes, setWindowMinutes] = useState(
    rule?.window_minutes != null
      ? String(rule.window_minutes)
      : spec.defaultWindowMinutes
        ? String(spec.defaultWindowMinutes)
        : '',
  );
  const [workerType, setWorkerType] = useState<WorkerType | ''>(rule?.scope?.worker_type ?? '');
  const [severity, setSeverity] = useState<Severity>(rule?.severity ?? 'HIGH');
  const [chosenChannels, setChosenChannels] = useState<string[]>(rule?.channels ?? []);
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [quiet, setQuiet] = useState(rule?.quiet_hours != null);
  const [quietStart, setQuietStart] = useState(rule?.quiet_hours?.start ?? '22:00');
  const [quietEnd, setQuietEnd] = useState(rule?.quiet_hours?.end ?? '07:00');
  const [quietZone, setQuietZone] = useState(
    rule?.quiet_hours?.time_zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC',
  );
  const [quietDays, setQuietDays] = useState<Weekday[]>(rule?.quiet_hours?.days ?? [...WEEKDAYS]);
  const [escalate, setEscalate] = useState(rule?.escalation != null);
  const [escalateAfter, setEscalateAfter] = useState(String(rule?.escalation?.after_minutes ?? 30));
  const [escalateChannels, setEscalateChannels] = useState<string[]>(rule?.escalation?.channels ?? []);
  const { errors, setErrors, formError, setFormError, showError } = useFormErrors();

  function changeType(next: AlertType) {
    setType(next);
    const nextSpec = ALERT_TYPE_SPECS[next];
    setUnit(nextSpec.units[0]!.unit);
    setValue(String(nextSpec.defaultValue));
    setWindowMinutes(nextSpec.defaultWindowMinutes ? String(nextSpec.defaultWindowMinutes) : '');
    if (!nextSpec.workerTypeScope) setWorkerType('');
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (save.isPending) return;
    const problems: Record<string, string> = {};
    const unitSpec = spec.units.find((candidate) => candidate.unit === unit) ?? spec.units[0]!;
    const threshold = Number(value);
    if (value.trim() === '' || !Number.isFinite(threshold)) problems.threshold_value = 'Enter a number.';
    else if (threshold < unitSpec.min || threshold > unitSpec.max)
      problems.threshold_value = `Between ${unitSpec.min} and ${unitSpec.max}.`;
    else if (unitSpec.integer && !Number.isInteger(threshold)) problems.threshold_value = 'A whole number.';
    if (
      spec.defaultWindowMinutes !== null &&
      windowMinutes !== '' &&
      !(Number(windowMinutes) >= 1 && Number(windowMinutes) <= 1440)
    )
      problems.window_minutes = 'Between 1 and 1440 minutes.';
    if (quiet && quietStart === quietEnd) problems['quiet_hours.end'] = 'Must differ from the start.';
    if (quiet && quietDays.length === 0) problems['quiet_hours.days'] = 'Choose at least one day.';
    if (escalate && escalateChannels.length === 0)
      problems['escalation.channels'] = 'Choose at least one channel.';
    if (escalate && !(Number(escalateAfter) >= 1 && Number(escalateAfter) <= 10_080))
      problems['escalation.after_minutes'] = 'Between 1 and 10080 minutes.';
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;

    const input: AlertRuleInput = {
      alert_type: type,
      enabled,
      threshold_value: threshold,
      threshold_unit: unit,
      ...(spec.defaultWindowMinutes !== null && windowMinutes !== ''
        ? { window_minutes: Number(windowMinutes) }
        : {}),
      ...(spec.workerTypeScope ? { scope: workerType ? { worker_type: workerType } : null } : {}),
      severity,
      channels: chosenChannels,
      quiet_hours: quiet ? { time_zone: quietZone, days: quietDays, start: quietStart, end: quietEnd } : null,
      escalation: escalate ? { after_minutes: Number(escalateAfter), channels: escalateChannels } : null,
    };
    setFormError(undefined);
    save.mutate(
      { input, configId: rule?.config_id ?? null },
      {
        onSuccess: () => {
          toast.success(rule ? 'Alert rule saved' : 'Alert rule created', alertTypeLabel(type));
          onClose();
        },
        onError: showError,
      },
    );
  }

  const channelChoice = (chosen: string[], set: (ids: string[]) => void, legend: string, error?: string) => (
    <fieldset className="field">
      <legend className="field-label">{legend}</legend>
      {channels.length === 0 ? <p className="field-hint">No channels yet: add one under Channels.</p> : null}
      {channels.map((channel) => (
        <label key={channel.channel_id} className="radio">
          <input
            type="checkbox"
            checked={chosen.includes(channel.channel_id)}
            onChange={(event) =>
              set(
                event.target.checked
                  ? [...chosen, channel.channel_id]
                  : chosen.filter((id) => id !== channel.channel_id),
              )
            }
          />{' '}
          {channel.name} ({channel.channel_type})
        </label>
      ))}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );

  return (
    <FormDialog
      title={rule ? `Edit rule: ${alertTypeLabel(rule.alert_type)}` : 'New alert rule'}
      size="large"
      formId="alert-rule-form"
      pending={save.isPending}
      submitLabel={rule ? 'Save rule' : 'Create rule'}
      formError={formError}
      onSubmit={submit}
      onClose={onClose}
    >
      <Field label="Type" error={errors.alert_type}>
        {(control) => (
          <select
            {...control}
            className="select"
            value={type}
            disabled={rule !== null}
            onChange={(event) => changeType(event.target.value as AlertType)}
          >
            {availableTypes.map((choice) => (
              <option key={choice} value={choice}>
                {alertTypeLabel(choice)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="filter-grid">
        <Field label="Threshold" error={errors.threshold_value}>
          {(control) => (
            <input
              {...control}
              className="input"
              inputMode="decimal"
              value={value}
              onChange={(event) => setValue(event.target.value)}
            />
          )}
        </Field>
        <Field label="Unit" error={errors.threshold_unit}>
          {(control) => (
            <select
              {...control}
              className="select"
              value={unit}
              onChange={(event) => setUnit(event.target.value)}
            >
              {spec.units.map((candidate) => (
                <option key={candidate.unit} value={candidate.unit}>
                  {candidate.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {spec.defaultWindowMinutes !== null ? (
          <Field label="Window (minutes)" error={errors.window_minutes}>
            {(control) => (
              <input
                {...control}
                className="input"
                inputMode="numeric"
                value={windowMinutes}
                onChange={(event) => setWindowMinutes(event.target.value)}
              />
            )}
          </Field>
        ) : null}
        {spec.workerTypeScope ? (
          <Field label="Worker type">
            {(control) => (
              <select
                {...control}
                className="select"
                value={workerType}
                onChange={(event) => setWorkerType(event.target.value as WorkerType | '')}
              >
                <option value="">Every worker type</option>
                {WORKER_TYPES.map((choice) => (
                  <option key={choice} value={choice}>
                    {choice}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <Field label="Severity">
          {(control) => (
            <select
              {...control}
              className="select"
              value={severity}
              onChange={(event) => setSeverity(event.target.value as Severity)}
            >
              {SEVERITIES.map((choice) => (
                <option key={choice} value={choice}>
                  {choice}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {channelChoice(chosenChannels, setChosenChannels, 'Notify these channels', errors.channels)}
      <label className="radio">
        <input type="checkbox" checked={quiet} onChange={(event) => setQuiet(event.target.checked)} /> Quiet
        hours (notifications wait until they end)
      </label>
      {quiet ? (
        <div className="filter-grid">
          <Field label="Quiet from (HH:mm)" error={errors['quiet_hours.start']}>
            {(control) => (
              <input
                {...control}
                className="input"
                type="time"
                value={quietStart}
                onChange={(event) => setQuietStart(event.target.value)}
              />
            )}
          </Field>
          <Field label="Quiet until (HH:mm)" error={errors['quiet_hours.end']}>
            {(control) => (
              <input
                {...control}
                className="input"
                type="time"
                value={quietEnd}
                onChange={(event) => setQuietEnd(event.target.value)}
              />
            )}
          </Field>
          <Field label="Time zone" error={errors['quiet_hours.time_zone']}>
            {(control) => (
              <input
                {...control}
                className="input"
                value={quietZone}
                onChange={(event) => setQuietZone(event.target.value)}
              />
            )}
          </Field>
          <fieldset className="field">
            <legend className="field-label">Days</legend>
            <div className="action-row">
              {WEEKDAYS.map((day) => (
                <label key={day} className="radio">
                  <input
                    type="checkbox"
                    checked={quietDays.includes(day)}
                    onChange={(event) =>
                      setQuietDays(
                        event.target.checked
                          ? WEEKDAYS.filter((candidate) => candidate === day || quietDays.includes(candidate))
                          : quietDays.filter((candidate) => candidate !== day),
                      )
                    }
                  />{' '}
                  {day}
                </label>
              ))}
            </div>
            {errors['quiet_hours.days'] ? (
              <p className="field-error" role="alert">
                {errors['quiet_hours.days']}
              </p>
            ) : null}
          </fieldset>
        </div>
      ) : null}
      <label className="radio">
        <input type="checkbox" checked={escalate} onChange={(event) => setEscalate(event.target.checked)} />{' '}
        Escalate when not acknowledged
      </label>
      {escalate ? (
        <>
          <Field label="Escalate after (minutes)" error={errors['escalation.after_minutes']}>
            {(control) => (
              <input
                {...control}
                className="input"
                inputMode="numeric"
                value={escalateAfter}
                onChange={(event) => setEscalateAfter(event.target.value)}
              />
            )}
          </Field>
          {channelChoice(escalateChannels, setEscalateChannels, 'Escalate to', errors['escalation.channels'])}
        </>
      ) : null}
      <label className="radio">
        <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />{' '}
        Enabled
      </label>
    </FormDialog>
  );
}
