import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';

/** Where the sealed values of an environment are kept: committed, since only the cluster can decrypt them. */
export function sealedStorePath(root: string, env: string): string {
  return path.join(root, 'secrets', `${env}.sealed.json`);
}

/** Where the cluster's public sealing certificate of an environment is kept (committed; it is public). */
export function certificatePath(root: string, env: string): string {
  return path.join(root, 'secrets', `${env}.pem`);
}

const StoreSchema = z.record(
  z.string().regex(/^[a-z0-9-]+\/[a-z0-9.-]+$/, 'must be "namespace/name"'),
  z.record(
    z.string().regex(/^[-._a-zA-Z0-9]+$/, 'must be a Secret data key'),
    z.string().regex(/^[A-Za-z0-9+/]+=*$/, 'must be base64'),
  ),
);

/** The sealed values of an environment: for each "namespace/name", each key's base64 ciphertext. */
export type SealedStore = z.infer<typeof StoreSchema>;

/** Reads and validates an environment's sealed store; an absent file is an empty store. */
export function readSealedStore(file: string): SealedStore {
  if (!fs.existsSync(file)) {
    return {};
  }
  const result = StoreSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')), { jitless: true });
  if (!result.success) {
    const badKey = (issue: z.ZodIssue): boolean => issue.path.length === 1 && issue.code === 'invalid_key';
    const problems = result.error.issues.map(
      (issue) => `  ${issue.path.join('.')}: ${badKey(issue) ? 'must be "namespace/name"' : issue.message}`,
    );
    const badKeys = result.error.issues.some(badKey);
    const fix = badKeys
      ? 'remove the entries whose key is not "namespace/name" (they name no Secret), then `npm run seal` them again under "namespace/name"'
      : 'run `npm run seal` again rather than editing it';
    throw new Error(`${file} is invalid:\n${problems.join('\n')}\nfix: ${fix}`);
  }
  return result.data;
}
