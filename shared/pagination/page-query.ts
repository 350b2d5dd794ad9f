import { z } from 'zod';

/** `?cursor=&limit=` for every list endpoint. */
export const pageQuerySchema = z.strictObject({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
