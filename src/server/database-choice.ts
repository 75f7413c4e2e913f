import { resolve } from 'node:path';
import { openDatabase, type Db } from './db.ts';
import { migrate } from './migrations.ts';

/** Which database the server and `dcq user` use, opened and migrated. No HTTP or document code here. */
export const DEFAULT_DATA_DIR = 'dcq-data';

export interface DatabaseChoice {
  url?: string;
  dataDir: string;
}

/** DATABASE_URL selects PostgreSQL; otherwise PGlite in the data folder. */
export function databaseChoice(dataOption: string | undefined, env: NodeJS.ProcessEnv = process.env): DatabaseChoice {
  const url = env.DATABASE_URL?.trim();
  return { ...(url ? { url } : {}), dataDir: resolve(dataOption ?? DEFAULT_DATA_DIR) };
}

export async function openMigrated(choice: DatabaseChoice): Promise<Db> {
  const db = await openDatabase(choice.url ? { url: choice.url } : { dataDir: choice.dataDir });
  try {
    await migrate(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}

