/**
 * The browser session: the API key the console signs requests with.
 *
 * The key lives in sessionStorage only, so it disappears with the tab and is never written to
 * disk-backed localStorage. Whoever ends the session (sign-out, or the API answering 401) calls
 * `endSession`; the app shell listens and clears the query cache and returns to sign-in.
 */

const API_KEY_STORAGE_KEY = 'opsdeck.api-key';

export type SessionEndReason = 'signed-out' | 'expired';
type SessionEndListener = (reason: SessionEndReason) => void;

const endListeners = new Set<SessionEndListener>();
// Used only when the browser refuses sessionStorage (some privacy modes): the key then lasts
// as long as the page.
let inMemoryApiKey: string | null = null;

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** The API key of the current session, or null when signed out. */
export function getApiKey(): string | null {
  const store = storage();
  if (!store) return inMemoryApiKey;
  try {
    return store.getItem(API_KEY_STORAGE_KEY);
  } catch {
    return inMemoryApiKey;
  }
}

/** Starts a session with a key that `GET /api/me` has just accepted. */
export function startSession(apiKey: string): void {
  inMemoryApiKey = apiKey;
  try {
    storage()?.setItem(API_KEY_STORAGE_KEY, apiKey);
  } catch {
    // Storage full or denied: the in-memory copy keeps the session alive for this page.
  }
}

/** Forgets the key and tells the listeners, once, why the session ended. */
export function endSession(reason: SessionEndReason): void {
  const hadSession = getApiKey() !== null;
  inMemoryApiKey = null;
  try {
    storage()?.removeItem(API_KEY_STORAGE_KEY);
  } catch {
    // Nothing stored, nothing to remove.
  }
  if (!hadSession) return;
  for (const listener of endListeners) listener(reason);
}

/** Subscribes to the end of the session; returns the unsubscribe function. */
export function onSessionEnd(listener: SessionEndListener): () => void {
  endListeners.add(listener);
  return () => {
    endListeners.delete(listener);
  };
}
