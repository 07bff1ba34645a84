/**
 * Passwords of protected PDFs, for this window's life only: given in the
 * import dialog or the PDF view, kept in memory so the PDF opens without
 * asking again until the window closes or reloads. Never written anywhere
 * (not the library, not storage, not logs).
 */
const passwords = new Map<string, string>();

/** Remembers the password that opened the PDF file `fileHash` (in memory). */
export function rememberPdfPassword(fileHash: string, password: string): void {
  passwords.set(fileHash, password);
}

export function pdfPasswordFor(fileHash: string): string | undefined {
  return passwords.get(fileHash);
}

export function forgetPdfPassword(fileHash: string): void {
  passwords.delete(fileHash);
}

/** Remembers the password for the PDF file with these bytes (its hash is the stored file's name). */
export async function rememberPdfPasswordOf(bytes: Uint8Array, password: string): Promise<void> {
  // crypto.subtle exists in secure contexts only (app://, http://127.0.0.1); without it the view asks again.
  if (!globalThis.crypto?.subtle) return;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  rememberPdfPassword(fileHashOf(digest), password);
}

function fileHashOf(digest: Uint8Array): string {
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
