import { Fragment } from 'react';
import { t, type Lang } from '../../i18n';
import { knows, type Machine } from './machines';

/**
 * A lifecycle as a row of states, the current one lit (filled, bold, a dot, and
 * `aria-current="true"`, so it reads without colour). States on the main path are joined by arrows.
 */
export function StateMachine({ machine, current, lang }: { machine: Machine; current: string; lang: Lang }) {
  const name = t(lang, machine.name);
  const main = machine.states.filter((s) => s.aside !== true);
  const aside = machine.states.filter((s) => s.aside === true);
  const item = (s: Machine['states'][number]) => {
    const on = s.id === current;
    return (
      <li key={s.id} className={`sm-state${on ? ' sm-current' : ''}${s.aside === true ? ' sm-aside' : ''}`} aria-current={on ? 'true' : undefined} title={s.kafka === true ? s.id : undefined}>
        {on ? <span aria-hidden="true">● </span> : null}
        {s.label !== undefined ? t(lang, s.label) : s.id}
      </li>
    );
  };
  return (
    <div className="sm">
      <span className="sm-name">{name}</span>
      <ol className={`sm-row sm-${machine.flow}`} aria-label={name}>
        {main.map((s, i) => (
          <Fragment key={s.id}>
            {i > 0 && machine.flow === 'path' ? (
              <li className="sm-arrow" aria-hidden="true">
                →
              </li>
            ) : null}
            {item(s)}
          </Fragment>
        ))}
        {aside.length > 0 ? (
          <li className="sm-sep" aria-hidden="true">
            |
          </li>
        ) : null}
        {aside.map(item)}
        {!knows(machine, current) ? (
          <li className="sm-state sm-current" aria-current="true">
            ● {current}
          </li>
        ) : null}
      </ol>
    </div>
  );
}
