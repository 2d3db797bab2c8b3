/**
 * A command, subcommand, flag or value name as it goes into a completion script, unquoted: only
 * lowercase letters, digits and inner dashes, so no shell reads anything into it.
 * @throws {Error} for any other name: a bug in kube-aws's own definitions.
 */
export function completionWord(word: string): string {
  if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i.test(word))
    throw new Error(`${JSON.stringify(word)} cannot go into a completion script unquoted`);
  return word;
}
