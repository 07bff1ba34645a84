/**
 * The origin documents are parsed under when their real URL is unknown:
 * relative links resolve against it, and a URL still on it afterwards had
 * nothing real to resolve against.
 */
export const PLACEHOLDER_ORIGIN = 'https://gloss.invalid';
