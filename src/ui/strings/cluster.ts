/** The cluster view: brokers, replicas, logs, the control plane, clients, the wire, failure menus. */
export const en = {
} as const;

export const fr: Record<keyof typeof en, string> = {
};
