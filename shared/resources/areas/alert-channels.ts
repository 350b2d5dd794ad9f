import type { FunctionDeclaration } from '../declarations';

/** Alert channels (webhook, e-mail) and notification delivery (P10-6 channels, P10-8). */
export const alertChannelFunctions = {} as const satisfies Record<string, FunctionDeclaration>;
