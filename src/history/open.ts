/** Opens the store a location names: `connect` as it is, `openStore` at the current schema. */
import type { Location } from './location.js';
import { migrate } from './migrations.js';
import type { Store } from './store.js';

/** `create`: recording may create the SQLite file; reading commands need one that exists. */
export async function connect(location: Location, options: { create: boolean }): Promise<Store> {
  return location.kind === 'sqlite'
    ? (await import('./sqlite-store.js')).openSqlite(location.path, options.create)
    : await (await import('./postgres-store.js')).openPostgres(location.url);
}

export async function openStore(location: Location, options: { create: boolean }): Promise<Store> {
  const store = await connect(location, options);
  try {
    await migrate(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
