import { useEffect, useEffectEvent, useId, useRef, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';

const FOCUSABLE_SELECTOR = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/** Open dialogs, innermost last: only the topmost one answers Escape and Tab. */
const openDialogs: HTMLElement[] = [];

function keepTabInside(event: KeyboardEvent, panel: HTMLElement): void {
  const items = focusableElements(panel);
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) {
    event.preventDefault();
    panel.focus();
    return;
  }
  const active = document.activeElement;
  const outside = !(active instanceof Node) || !panel.contains(active);
  if (event.shiftKey && (outside || active === first || active === panel)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (outside || active === last)) {
    event.preventDefault();
    first.focus();
  }
}

/** What Tab can reach inside `container`, in order: like the browser, one stop per radio group. */
function focusableElements(container: HTMLElement): HTMLElement[] {
  const candidates = Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE_SELECTOR));
  const radioStops = new Map<string, HTMLInputElement>();
  for (const element of candidates) {
    if (!(element instanceof HTMLInputElement) || element.type !== 'radio' || !element.name) continue;
    const current = radioStops.get(element.name);
    if (!current || (element.checked && !current.checked)) radioStops.set(element.name, element);
  }
  return candidates.filter((element) => {
    if (element.closest('[hidden]')) return false;
    if (element instanceof HTMLInputElement && element.type === 'radio' && element.name) {
      return radioStops.get(element.name) === element;
    }
    return true;
  });
}

export interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children?: ReactNode;
  description?: ReactNode;
  footer?: ReactNode;
  /** `alertdialog` for confirmations that interrupt the user. */
  role?: 'dialog' | 'alertdialog';
  /** What receives focus on open; the first focusable element otherwise. */
  initialFocusRef?: RefObject<HTMLElement | null>;
  /** Off for content the user must not lose to a stray click (a secret shown once). */
  closeOnBackdropClick?: boolean;
  size?: 'small' | 'medium' | 'large' | 'wide';
}

/**
 * A modal dialog: focus moves in on open, Tab and Shift+Tab cycle inside it, Escape closes it,
 * and focus returns to whatever opened it. (jsdom has no `<dialog>.showModal`, and we want the
 * same behaviour under test as in the browser, so the trap is ours.)
 */
export function Dialog(props: DialogProps) {
  if (!props.open) return null;
  return createPortal(<ModalSurface {...props} />, document.body);
}

function ModalSurface({
  title,
  onClose,
  children,
  description,
  footer,
  role = 'dialog',
  initialFocusRef,
  closeOnBackdropClick = true,
  size = 'medium',
}: DialogProps) {
  const panelRef = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  // Read by the document listener below, which must not be re-attached on every render.
  const close = useEffectEvent(onClose);

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const panel = panelRef.current;
    if (!panel) return undefined;
    openDialogs.push(panel);
    (initialFocusRef?.current ?? focusableElements(panel)[0] ?? panel).focus();
    const isTopmost = () => openDialogs[openDialogs.length - 1] === panel;

    // Keys are handled on the document, not on the panel: focus can leave the panel without an
    // event (a focused button that becomes disabled drops it to <body>), and Escape and Tab must
    // still work then.
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isTopmost()) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        close();
      } else if (event.key === 'Tab') {
        keepTabInside(event, panel);
      }
    };
    // Focus that escapes by other means than Tab (a script, a screen reader jump) is brought back.
    const onFocusIn = (event: FocusEvent) => {
      if (isTopmost() && event.target instanceof Node && !panel.contains(event.target)) {
        (focusableElements(panel)[0] ?? panel).focus();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('focusin', onFocusIn);
      openDialogs.splice(openDialogs.indexOf(panel), 1);
      if (opener?.isConnected) opener.focus();
    };
    // A ref object keeps its identity, so this runs once per opening.
  }, [initialFocusRef]);

  return (
    <div
      className="dialog-backdrop"
      onMouseDown={(event) => {
        if (closeOnBackdropClick && event.target === event.currentTarget) onClose();
      }}
    >
      <div
        ref={panelRef}
        className={`dialog dialog-${size}`}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        tabIndex={-1}
      >
        <div className="dialog-header">
          <h2 id={titleId} className="dialog-title">
            {title}
          </h2>
        </div>
        {description ? (
          <div id={descriptionId} className="dialog-description">
            {description}
          </div>
        ) : null}
        {children ? <div className="dialog-body">{children}</div> : null}
        {footer ? <footer className="dialog-footer">{footer}</footer> : null}
      </div>
    </div>
  );
}
