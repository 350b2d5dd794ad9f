import type { FunctionDeclaration } from '../declarations';

/** Alert rules, the scheduled evaluator and alert history (P10-5, P10-6 configs, P10-7, P10-9). */
export const alertRuleFunctions = {} as const satisfies Record<string, FunctionDeclaration>;
