/** Whether a path names a snapshot, by its name (the content is checked when read). Apart, so that every scan can ask without loading the snapshot code. */
export function isSnapshotPath(file: string): boolean {
  return /\.(tar\.gz|tgz)$/i.test(file);
}
