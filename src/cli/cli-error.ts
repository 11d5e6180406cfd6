/** A user's mistake on the command line: printed as one line ("loremaster: …"), exit code 1, no stack. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}
