import { z, type ZodType } from 'zod';

/** What the OpenAPI document says about one route; every declared route must have one. */
export interface RouteDocumentation {
  summary: string;
  tag: string;
  authenticated?: boolean;
  path?: ZodType;
  query?: ZodType;
  body?: ZodType;
  response: { status: number; schema?: ZodType; description: string };
}

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string(),
  instance: z.string().optional(),
  request_id: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** The `{items, next_cursor}` envelope of every list. */
export const pageOf = (item: ZodType) =>
  z.object({ items: z.array(item), next_cursor: z.string().nullable() });
