/**
 * The user's home folder. On POSIX, $HOME when set, which is what os.homedir() returns first: the
 * start-up path then does without loading node:os. Elsewhere, or without $HOME, os.homedir().
 */
export function homeDir(): string {
  const home = process.platform === 'win32' ? undefined : process.env.HOME;
  return home || process.getBuiltinModule('node:os').homedir();
}
