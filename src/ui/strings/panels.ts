/** The side panels: event log, groups, checker findings, inspector. */
export const en = {
} as const;

export const fr: Record<keyof typeof en, string> = {
};
