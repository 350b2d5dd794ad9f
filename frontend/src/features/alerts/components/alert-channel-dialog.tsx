import { useState, type FormEvent } from 'react';
import { CopyField } from '../../../components/ui/copy-field';
import { Dialog } from '../../../components/ui/dialog';
import { Field } from '../../../components/ui/field';
import { FormDialog, useFormErrors } from '../../../components/ui/form-dialog';
import { useToast } from '../../../components/ui/toast';
import type { AlertChannel } from '../../../types/ops';
import { useSaveAlertChannel, type ChannelInput } from '../api/alert-channels';

/** Creates or edits a channel: a signed webhook (its secret is shown once) or a list of e-mail addresses. */
export function AlertChannelDialog({
  owner,
  channel,
  onClose,
}: {
  owner: string | null;
  channel: AlertChannel | null;
  onClose: () => void;
}) {
  const save = useSaveAlertChannel(owner);
  const toast = useToast();
  const [type, setType] = useState<'webhook' | 'email'>(channel?.channel_type ?? 'webhook');
  const [name, setName] = useState(channel?.name ?? '');
  const [url, setUrl] = useState(channel?.url ?? '');
  const [addresses, setAddresses] = useState((channel?.addresses ?? []).join(', '));
  const [enabled, setEnabled] = useState(channel?.enabled ?? true);
  const { errors, setErrors, formError, setFormError, showError } = useFormErrors();
  const [secret, setSecret] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (save.isPending) return;
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = 'Give the channel a name.';
    const list = addresses
      .split(/[\s,;]+/)
      .map((address) => address.trim())
      .filter(Boolean);
    if (type === 'webhook' && !/^https?:\/\//.test(url.trim())) problems.url = 'An http(s) URL.';
    if (type === 'email' && list.length === 0) problems.addresses = 'At least one e-mail address.';
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const input: ChannelInput =
      type === 'webhook'
        ? { channel_type: 'webhook', name: name.trim(), enabled, url: url.trim() }
        : { channel_type: 'email', name: name.trim(), enabled, addresses: list };
    setFormError(undefined);
    save.mutate(
      { input, channelId: channel?.channel_id ?? null },
      {
        onSuccess: (saved) => {
          toast.success(channel ? 'Channel saved' : 'Channel created', saved.name);
          if (saved.secret) setSecret(saved.secret);
          else onClose();
        },
        onError: showError,
      },
    );
  }

  if (secret) {
    return (
      <Dialog
        open
        title="Webhook signing secret"
        closeOnBackdropClick={false}
        onClose={onClose}
        footer={
          <button type="button" className="btn btn-primary" onClick={onClose}>
            Done
          </button>
        }
      >
        <p className="callout callout-warning">
          Copy this secret now: the receiver verifies each notification's signature with it, and it is not
          shown again.
        </p>
        <CopyField label="Secret" value={secret} />
      </Dialog>
    );
  }

  return (
    <FormDialog
      title={channel ? `Edit channel: ${channel.name}` : 'New channel'}
      formId="alert-channel-form"
      pending={save.isPending}
      submitLabel={channel ? 'Save channel' : 'Create channel'}
      formError={formError}
      onSubmit={submit}
      onClose={onClose}
    >
      <Field label="Kind">
        {(control) => (
          <select
            {...control}
            className="select"
            value={type}
            disabled={channel !== null}
            onChange={(event) => setType(event.target.value as 'webhook' | 'email')}
          >
            <option value="webhook">Webhook (signed POST)</option>
            <option value="email">E-mail</option>
          </select>
        )}
      </Field>
      <Field label="Name" error={errors.name}>
        {(control) => (
          <input
            {...control}
            className="input"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        )}
      </Field>
      {type === 'webhook' ? (
        <Field label="URL" error={errors.url} hint="Receives a signed JSON POST per notification.">
          {(control) => (
            <input
              {...control}
              className="input"
              type="url"
              value={url}
              onChange={(event) => setUrl(event.target.value)}
            />
          )}
        </Field>
      ) : (
        <Field label="Addresses" error={errors.addresses} hint="Up to 20, separated by commas.">
          {(control) => (
            <textarea
              {...control}
              className="input"
              rows={2}
              value={addresses}
              onChange={(event) => setAddresses(event.target.value)}
            />
          )}
        </Field>
      )}
      <label className="radio">
        <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />{' '}
        Enabled
      </label>
    </FormDialog>
  );
}
