import { useId, useRef, useState } from 'react';

type CopyState = 'idle' | 'copied' | 'blocked';

/** A read-only value with a Copy button; when the browser blocks the clipboard it selects the text instead. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<CopyState>('idle');

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      inputRef.current?.select();
      setState('blocked');
    }
  }

  return (
    <div className="field copy-field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <div className="copy-field-row">
        <input
          ref={inputRef}
          id={id}
          className="input mono"
          readOnly
          value={value}
          spellCheck={false}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" className="btn btn-primary" onClick={() => void copy()}>
          {state === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p className="field-hint" aria-live="polite">
        {state === 'copied' ? 'Copied to the clipboard.' : null}
        {state === 'blocked'
          ? 'The browser blocked the clipboard. The text is selected: press Ctrl+C (⌘C on macOS).'
          : null}
      </p>
    </div>
  );
}
