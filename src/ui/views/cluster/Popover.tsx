/**
 * A small popover next to the element that opened it: a dialog with buttons, keyboard accessible.
 * It takes focus when it opens, Escape or a click elsewhere closes it and focus goes back to the
 * opener. Keys pressed inside stay inside (Space activates a button here, it does not play).
 */
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

export interface Anchor {
  left: number;
  top: number;
  bottom: number;
}

export function anchorOf(el: Element): Anchor {
  const r = el.getBoundingClientRect();
  return { left: r.left, top: r.top, bottom: r.bottom };
}

const WIDTH = 320;

export function Popover({ label, anchor, onClose, returnFocus, children, className }: { label: string; anchor: Anchor; onClose: () => void; returnFocus?: HTMLElement | null; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<{ left: number; top: number }>({ left: anchor.left, top: anchor.bottom + 4 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const h = el.offsetHeight;
    const left = Math.max(8, Math.min(anchor.left, window.innerWidth - WIDTH - 8));
    const below = anchor.bottom + 4;
    const top = below + h <= window.innerHeight - 8 ? below : Math.max(8, anchor.top - h - 4);
    setPos({ left, top });
    const first = el.querySelector<HTMLElement>('button:not(:disabled), select, input');
    first?.focus();
  }, [anchor]);
  useEffect(() => {
    const onDown = (e: MouseEvent): void => {
      if (!(e.target instanceof Node) || ref.current === null || ref.current.contains(e.target)) return;
      // The opener toggles the popover itself.
      if (returnFocus?.contains(e.target) === true) return;
      onClose();
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [onClose, returnFocus]);
  const close = (): void => {
    onClose();
    returnFocus?.focus();
  };
  return (
    <div
      ref={ref}
      role="dialog"
      aria-label={label}
      className={`cv-popover${className !== undefined ? ` ${className}` : ''}`}
      style={{ left: pos.left, top: pos.top, width: WIDTH }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          close();
        }
        e.stopPropagation();
      }}
    >
      {children}
    </div>
  );
}

/** A button that opens a popover (a menu of actions). */
export function MenuButton({ label, icon, children }: { label: string; icon: string; children: (close: () => void) => ReactNode }) {
  const [anchor, setAnchor] = useState<Anchor | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const close = (): void => setAnchor(null);
  return (
    <>
      <button
        ref={button}
        type="button"
        className="cv-menu-button"
        aria-label={label}
        title={label}
        aria-haspopup="dialog"
        aria-expanded={anchor !== null}
        onClick={(e) => setAnchor(anchor === null ? anchorOf(e.currentTarget) : null)}
      >
        {icon}
      </button>
      {anchor !== null && (
        <Popover label={label} anchor={anchor} onClose={close} returnFocus={button.current}>
          {children(() => {
            close();
            button.current?.focus();
          })}
        </Popover>
      )}
    </>
  );
}
