import { endSession } from '../../../lib/session';

/** Ends the session; the shell then clears every cached response and returns to sign-in. */
export function SignOutButton() {
  return (
    <button type="button" className="btn btn-ghost" onClick={() => endSession('signed-out')}>
      Sign out
    </button>
  );
}
