/**
 * Importing a password-protected PDF: the import is tried, and while main
 * answers that it needs a password (or that the one given is wrong) the
 * user is asked for one, until the import goes through or the user skips
 * the file. The password lives only in this call: never stored, never logged.
 */

/** The error codes that mean "ask for the password". */
const PASSWORD_CODES = new Set(['password_required', 'wrong_password']);

function passwordCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && PASSWORD_CODES.has(code) ? code : null;
}

/**
 * `attempt(password)` runs the import (undefined: without a password);
 * `ask(wrong)` asks the user (`wrong`: the last one was not right) and
 * resolves null when the user skips. Null here means skipped: nothing was
 * imported. Other errors propagate.
 */
export async function withPdfPassword<T>(
  attempt: (password: string | undefined) => Promise<T>,
  ask: (wrong: boolean) => Promise<string | null>,
): Promise<{ result: T; password: string | undefined } | null> {
  let password: string | undefined;
  for (;;) {
    try {
      return { result: await attempt(password), password };
    } catch (error) {
      const code = passwordCode(error);
      if (!code) throw error;
      const next = await ask(code === 'wrong_password' || password !== undefined);
      if (next === null) return null;
      password = next;
    }
  }
}
