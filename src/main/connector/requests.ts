/**
 * What the Gloss extension may send the connector, checked with zod before
 * anything is done. Images travel as base64 in JSON (the extension has no
 * multipart encoder worth its weight); the contract then checks the decoded
 * request again, as for every caller.
 */
import { z } from 'zod';
import { MAX_CAPTURED_IMAGES } from '../../shared/contract';

/** 60 MB: a page's HTML (at most 20 MB) and the images the browser sends with it, as base64. */
export const MAX_CONNECTOR_BODY_BYTES = 60 * 1024 * 1024;

const Url = z.string({ error: 'url must be a string' }).min(1).max(8192);
const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'image data must be base64' });

export const PairRequest = z
  .object({ code: z.string({ error: 'code must be a string' }).min(1).max(32), name: z.string().max(200).default('Browser') })
  .strict();

const Capture = {
  url: Url,
  title: z.string().max(2000).optional(),
  html: z.string({ error: 'html must be a string' }).min(1, { error: 'the page is empty' }),
  images: z.array(z.object({ url: Url, data: Base64 }).strict()).max(MAX_CAPTURED_IMAGES).optional(),
  /** 'update' replaces a page already saved (the extension's Update). */
  mode: z.enum(['ask', 'update']).optional(),
};

export const SavePageRequest = z.object(Capture).strict();

export const SaveSelectionRequest = z
  .object({
    ...Capture,
    selection: z.object({ exact: z.string().min(1).max(100_000), prefix: z.string().max(1000), suffix: z.string().max(1000) }).strict(),
  })
  .strict();

export const SaveLinkRequest = z.object({ url: Url, mode: z.enum(['ask', 'update']).optional() }).strict();

export type SavePageBody = z.infer<typeof SavePageRequest>;
export type SaveSelectionBody = z.infer<typeof SaveSelectionRequest>;
