/** The rules a run uses: the built-in file, extended by each `--rules FILE` in order. */
import { readFileSync } from 'node:fs';
import { BUILTIN_RULES, BUILTIN_RULES_FILE } from './builtin-rules.js';
import { parseRuleFile, RuleFileError, type RuleSet } from './rules-file.js';

let builtin: RuleSet | undefined;

export function builtinRuleSet(): RuleSet {
  builtin ??= parseRuleFile(BUILTIN_RULES, BUILTIN_RULES_FILE);
  return builtin;
}

export function loadRuleSet(files: readonly string[]): RuleSet {
  let set = builtinRuleSet();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new RuleFileError(
        `${file}: cannot read the rules file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
    set = parseRuleFile(text, file, set);
  }
  return set;
}
