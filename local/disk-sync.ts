// Flushes files and folders to disk (fsync): what the desk acknowledged, or what a store stopped
// cleanly wrote, must survive a crash of the machine, not only of the process.
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** fsync one file (`r+`) or folder (`r`, so a new or renamed name in it is durable). */
export async function syncPath(path: string, flags: 'r' | 'r+'): Promise<void> {
  let handle;
  try {
    handle = await open(path, flags);
  } catch (error) {
    // Windows opens no folders: NTFS's metadata journal stands in for the folder fsync there.
    if (process.platform === 'win32' && flags === 'r') return;
    throw error;
  }
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsync every file directly in a folder, then the folder. */
export async function syncFolder(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isFile()) await syncPath(join(dir, entry.name), 'r+');
  }
  await syncPath(dir, 'r');
}
