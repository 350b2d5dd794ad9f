import { useState, type FormEvent } from 'react';
import { Field } from '../../../components/ui/field';
import { ApiError } from '../../../lib/api-client';
import { describeError } from '../../../lib/errors';
import type { Principal } from '../../../types/api';
import { useSignIn } from '../api/get-me';

export function SignInForm({ onSignedIn }: { onSignedIn: (principal: Principal) => void }) {
  const signIn = useSignIn();
  const [apiKey, setApiKey] = useState('');
  const [revealed, setRevealed] = useState(false);
  const [missingKey, setMissingKey] = useState(false);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (signIn.isPending) return;
    const candidate = apiKey.trim();
    setMissingKey(candidate === '');
    if (candidate === '') return;
    signIn.mutate(candidate, { onSuccess: onSignedIn });
  }

  const error = missingKey
    ? 'Paste an API key to sign in.'
    : signIn.error
      ? signInErrorMessage(signIn.error)
      : undefined;

  return (
    <form className="sign-in-form" onSubmit={submit} noValidate>
      <Field
        label="API key"
        hint="The key is kept for this browser tab only and is forgotten when you sign out or close the tab."
        error={error}
      >
        {(control) => (
          <div className="input-group">
            <input
              {...control}
              className="input mono"
              type={revealed ? 'text' : 'password'}
              name="api-key"
              autoComplete="off"
              spellCheck={false}
              // The only control on the page: typing can start at once.
              autoFocus
              value={apiKey}
              onChange={(event) => setApiKey(event.target.value)}
            />
            <button
              type="button"
              className="btn"
              aria-pressed={revealed}
              onClick={() => setRevealed(!revealed)}
            >
              {revealed ? 'Hide key' : 'Show key'}
            </button>
          </div>
        )}
      </Field>
      <button type="submit" className="btn btn-primary btn-block" aria-disabled={signIn.isPending}>
        {signIn.isPending ? 'Checking key…' : 'Sign in'}
      </button>
    </form>
  );
}

function signInErrorMessage(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) {
    return 'This API key was not accepted. Check that it was copied in full and has not been revoked.';
  }
  const description = describeError(error);
  return description.detail ? `${description.title}: ${description.detail}` : description.title;
}
