/**
 * Secrets out of text that leaves the process (an error message, git's stderr): each
 * occurrence becomes `***`, as the runner masks registered secrets in the log. Anything that
 * is not written to the log alone (a comment, an artifact) needs this: the mask is the
 * runner's, applied to the log only.
 */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  // Short strings would mangle ordinary words; no real token is under 8 characters.
  return secrets.filter((s): s is string => s !== undefined && s.length >= 8).reduce((t, s) => t.split(s).join('***'), text);
}
