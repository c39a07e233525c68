import { t } from '../i18n';
import { formatSimTime } from '../i18n';
import {
  answer,
  getSession,
  lessonBlocked,
  lessonGoto,
  lessonNext,
  lessonPrev,
  togglePresenter,
  useUi,
} from '../store';

/**
 * Step-through for a lesson: the narration step shown, its prediction question (answered before
 * the reveal), Continue (plays to the next step, where the clock stops), and the list of steps a
 * teacher jumps between. Presenter mode: full screen, large type, keyboard only.
 */
export function LessonPanel() {
  const lang = useUi((s) => s.lang);
  const index = useUi((s) => s.lessonStep);
  const answers = useUi((s) => s.answers);
  const presenter = useUi((s) => s.presenter);
  const playing = useUi((s) => s.playing);
  useUi((s) => s.view?.scenarioName);
  const session = getSession();
  if (session === null || index < 0) return null;
  const steps = session.scenario.steps;
  const step = steps[index];
  if (step === undefined) return null;
  const q = step.question;
  const given = answers[index];
  const blocked = lessonBlocked();
  const last = index === steps.length - 1;
  return (
    <section className="lesson" aria-label={t(lang, 'lesson.heading')}>
      <nav className="lesson-steps" aria-label={t(lang, 'lesson.steps')}>
        <ol>
          {steps.map((s, i) => (
            <li key={i}>
              <button
                type="button"
                aria-current={i === index ? 'step' : undefined}
                onClick={() => lessonGoto(i)}
                aria-label={t(lang, 'lesson.goto', { n: i + 1, title: s.title?.[lang] ?? '' })}
                title={formatSimTime(s.atMs)}
              >
                {i + 1}
              </button>
            </li>
          ))}
        </ol>
        <button
          type="button"
          onClick={togglePresenter}
          aria-pressed={presenter}
          aria-label={t(lang, 'lesson.presenter')}
        >
          ▣ <span className="label-text">{t(lang, 'lesson.presenterShort')}</span>
        </button>
      </nav>
      <article className="lesson-step" data-testid="lesson-step">
        <h2>
          <span className="muted">{t(lang, 'lesson.stepOf', { n: index + 1, total: steps.length })}</span>{' '}
          {step.title?.[lang] ?? ''}
        </h2>
        <div className="lesson-body">
          <p className="narration">{step[lang]}</p>
          {q !== undefined && (
            <fieldset className="question">
              <legend>{q[lang]}</legend>
              <div className="choices">
                {q.choices.map((c, i) => {
                  const state =
                    given === undefined ? '' : i === q.answer ? 'right' : i === given ? 'wrong' : '';
                  return (
                    <button
                      key={i}
                      type="button"
                      className={`choice ${state}`}
                      disabled={given !== undefined}
                      aria-pressed={given === i}
                      onClick={() => answer(index, i)}
                    >
                      {c[lang]}
                    </button>
                  );
                })}
              </div>
              {given !== undefined && (
                <p className={`reveal ${given === q.answer ? 'right' : 'wrong'}`} role="status">
                  <strong>{t(lang, given === q.answer ? 'lesson.right' : 'lesson.wrong')}</strong>{' '}
                  {q.explain?.[lang] ?? ''}
                </p>
              )}
            </fieldset>
          )}
        </div>
        <div className="lesson-actions">
          <button
            type="button"
            onClick={lessonPrev}
            disabled={index === 0}
            aria-label={t(lang, 'lesson.previous')}
          >
            ‹ {t(lang, 'lesson.previousShort')}
          </button>
          <button
            type="button"
            className="primary"
            onClick={lessonNext}
            disabled={blocked || playing}
            aria-label={t(lang, last ? 'lesson.playOn' : 'lesson.continue')}
          >
            {t(lang, last ? 'lesson.playOn' : 'lesson.continue')} ›
          </button>
          {blocked && <span className="muted">{t(lang, 'lesson.answerFirst')}</span>}
        </div>
      </article>
    </section>
  );
}
