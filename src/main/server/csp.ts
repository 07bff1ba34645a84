/**
 * The Content-Security-Policy of the app page, sent as a header by both the
 * browser host and Electron's app:// protocol. It matches the <meta> in
 * src/renderer/index.html (which `npm run dev` relies on) plus what only a
 * header can say (frame-ancestors). Workers only from the app itself: pdf.js's
 * worker, built with the renderer (the PDF view).
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
