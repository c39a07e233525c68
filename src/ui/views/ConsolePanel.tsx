/**
 * The Kafka console's terminal (presentational): the lines the world printed, a prompt and an
 * input. Enter submits the line; ArrowUp/ArrowDown walk the history of submitted lines; Ctrl-C
 * sends `^C` and Ctrl-D sends `^D` (as the console command's line). The view keeps to the bottom
 * as lines arrive, unless the person scrolled up to read.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import './console.css';

export interface ConsolePanelProps {
  lines: { atMs: number; kind: string; text: string }[];
  /** 'shell' | 'producer' | 'consumer' */
  mode: string;
  onSubmit(line: string): void;
  /** Accessible name of the input (and of the output log). */
  label: string;
}

/** What the terminal shows before the cursor in each mode. */
export function promptFor(mode: string): string {
  if (mode === 'producer') return '>';
  if (mode === 'consumer') return '';
  return '$ ';
}

export function ConsolePanel({ lines, mode, onSubmit, label }: ConsolePanelProps) {
  const [draft, setDraft] = useState('');
  const [history, setHistory] = useState<string[]>([]);
  /** Position in the history while browsing it (history.length = the draft). */
  const [cursor, setCursor] = useState(0);
  const outputRef = useRef<HTMLPreElement>(null);
  const stickToBottom = useRef(true);

  useEffect(() => {
    const el = outputRef.current;
    if (el !== null && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [lines]);

  const submit = (line: string): void => {
    onSubmit(line);
    if (line !== '' && line !== '^C' && line !== '^D') {
      setHistory((h) => (h[h.length - 1] === line ? h : [...h, line]));
    }
    setCursor(history.length + 1);
    setDraft('');
    stickToBottom.current = true;
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') {
      e.preventDefault();
      submit(draft);
      return;
    }
    if (e.ctrlKey && (e.key === 'c' || e.key === 'C')) {
      // Ctrl-C copies a selection when there is one, as terminals do.
      const input = e.currentTarget;
      if (input.selectionStart !== input.selectionEnd) return;
      e.preventDefault();
      onSubmit('^C');
      setDraft('');
      return;
    }
    if (e.ctrlKey && (e.key === 'd' || e.key === 'D')) {
      e.preventDefault();
      onSubmit('^D');
      setDraft('');
      return;
    }
    if (e.key === 'ArrowUp') {
      e.preventDefault();
      const next = Math.max(0, Math.min(cursor, history.length) - 1);
      if (history.length > 0) {
        setCursor(next);
        setDraft(history[next] ?? '');
      }
      return;
    }
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      const next = Math.min(history.length, cursor + 1);
      setCursor(next);
      setDraft(next >= history.length ? '' : (history[next] ?? ''));
    }
  };

  const onScroll = (): void => {
    const el = outputRef.current;
    if (el !== null) stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 8;
  };

  return (
    <div className="console-panel">
      <pre className="console-output" ref={outputRef} onScroll={onScroll} role="log" aria-live="polite" aria-label={`${label} (output)`}>
        {lines.map((l, i) => (
          <span key={i} className={`console-line console-line-${l.kind}`}>
            {l.text}
            {'\n'}
          </span>
        ))}
      </pre>
      <div className="console-input-row">
        <span className="console-prompt" aria-hidden="true">
          {promptFor(mode)}
        </span>
        <input
          className="console-input"
          type="text"
          maxLength={4000}
          value={draft}
          aria-label={label}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          onChange={(e) => {
            setDraft(e.target.value);
            setCursor(history.length);
          }}
          onKeyDown={onKeyDown}
        />
      </div>
    </div>
  );
}
