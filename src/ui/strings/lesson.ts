/** Lessons: step-through, questions, presenter mode; sharing and files. */
export const en = {
  'lesson.heading': 'Lesson',
  'lesson.steps': 'Lesson steps',
  'lesson.goto': 'Go to step {n}: {title}',
  'lesson.stepOf': 'Step {n} of {total}',
  'lesson.right': 'Right.',
  'lesson.wrong': 'Not quite.',
  'lesson.continue': 'Continue',
  'lesson.playOn': 'Play on',
  'lesson.previous': 'Back to the previous step',
  'lesson.previousShort': 'Back',
  'lesson.answerFirst': 'Answer the question first: make your prediction.',
  'lesson.presenter': 'Presenter mode',
  'lesson.presenterShort': 'Presenter',
  'lesson.fasterTrip': 'The next step is far ahead in simulated time: playing at {speed}× to get there.',
} as const;

export const fr: Record<keyof typeof en, string> = {
  'lesson.heading': 'Leçon',
  'lesson.steps': 'Étapes de la leçon',
  'lesson.goto': 'Aller à l’étape {n} : {title}',
  'lesson.stepOf': 'Étape {n} sur {total}',
  'lesson.right': 'Exact.',
  'lesson.wrong': 'Pas tout à fait.',
  'lesson.continue': 'Continuer',
  'lesson.playOn': 'Poursuivre',
  'lesson.previous': 'Retour à l’étape précédente',
  'lesson.previousShort': 'Retour',
  'lesson.answerFirst': 'Répondez d’abord à la question : faites votre prédiction.',
  'lesson.presenter': 'Mode présentation',
  'lesson.presenterShort': 'Présentation',
  'lesson.fasterTrip': 'L’étape suivante est loin dans le temps simulé : lecture à {speed}× pour y arriver.',
};
