// Shapes of the API's answers, taken from the server's zod schemas as types only (nothing of
// the server reaches the bundle), so a change of a schema shows up here at compile time.
import type { z } from '@hono/zod-openapi';
import type { meSchema } from '#server/features/auth/auth.schemas.ts';
import type {
  mountainIslandListSchema,
  orgSchema,
  treeNodeSchema,
} from '#server/features/orgs/orgs.schemas.ts';
import type { userSchema } from '#server/features/users/users.schemas.ts';

export type Me = z.infer<typeof meSchema>;
export type Org = z.infer<typeof orgSchema>;
export type TreeNode = z.infer<typeof treeNodeSchema>;
export type MountainIslandList = z.infer<typeof mountainIslandListSchema>;
export type User = z.infer<typeof userSchema>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
