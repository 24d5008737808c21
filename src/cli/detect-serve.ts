export async function runServe(_argv: string[]): Promise<number> {
  process.stderr.write('parapet detect serve: not implemented yet\n');
  return 2;
}
