/**
 * The images of an imported HTML file, kept as library assets like a saved
 * web page's (gloss-asset:<sha256>, types sniffed by their bytes, 10 MB
 * each, 100 per article):
 * - images from the page's `_files` folder (marked by import/page-folder.ts);
 * - images that exist only on the web (absolute http(s) sources), downloaded
 *   with the same guards and limits as a URL save. A file's origin is
 *   unknown, so it is treated as a page from the internet: its images may
 *   only come from public addresses, never from this computer or the local
 *   network (a file could otherwise make Gloss probe a router or a NAS).
 * An image that cannot be had becomes its alt text (or goes, without one).
 */
import { createHash } from 'node:crypto';
import { finalizeBody } from '../import/finalize';
import type { LocalImages } from '../import/page-folder';
import type { ImportedArticle } from '../import/types';
import type { FetchOptions } from './fetch-page';
import {
  collectImageUrls,
  downloadImages,
  MAX_IMAGE_BYTES,
  MAX_IMAGES,
  rewriteImageSourcesDetailed,
  sniffImageMime,
  toGlossAssetUrl,
} from './images';
import type { DownloadedImage, FailedImage } from './images';
import type { SavedAsset } from './save-page';

export interface FileImages {
  /** The article, its images pointing at assets (or become alt text). */
  article: ImportedArticle;
  /** One per hash, in document order. */
  assets: SavedAsset[];
  failed: FailedImage[];
}

/** Network options for the web images of imported files (the tests' address classifier and DNS stand-in). */
export type FileImageFetchOptions = Pick<FetchOptions, 'lookup' | 'isPublicAddress' | 'userAgent' | 'signal'> & {
  /**
   * False: no downloads; web images become their alt text. Default: true,
   * unless the environment sets GLOSS_IMPORT_WEB_IMAGES=0 (the test suites
   * do, so that importing the web corpus never looks up its hosts).
   */
  download?: boolean;
};

function downloadsAllowed(): boolean {
  return process.env.GLOSS_IMPORT_WEB_IMAGES !== '0';
}

/** The page's local images as downloaded ones: checked by size and by their bytes. */
function readLocal(local: LocalImages, wanted: readonly string[]): { images: Map<string, DownloadedImage>; failed: FailedImage[] } {
  const images = new Map<string, DownloadedImage>();
  const failed: FailedImage[] = [];
  for (const marker of wanted) {
    const file = local.byMarker.get(marker);
    if (!file) continue;
    const reason = !file.bytes
      ? 'the file is not in the page’s folder'
      : file.bytes.byteLength > MAX_IMAGE_BYTES
        ? 'it is larger than 10 MB'
        : null;
    const mime = file.bytes && !reason ? sniffImageMime(file.bytes) : null;
    if (!file.bytes || reason || !mime) {
      failed.push({ url: file.path, reason: reason ?? 'it is not an image Gloss can keep (PNG, JPEG, GIF, WebP, AVIF, BMP or ICO)' });
      continue;
    }
    const hash = createHash('sha256').update(file.bytes).digest('hex');
    // finalUrl: the file's path in the page's folder (stored as the asset's source).
    images.set(marker, { hash, mime, bytes: file.bytes, finalUrl: file.path });
  }
  return { images, failed };
}

function finish(
  article: ImportedArticle,
  local: LocalImages | null,
  wanted: readonly string[],
  images: Map<string, DownloadedImage>,
  failed: FailedImage[],
  only?: (src: string) => boolean,
): FileImages {
  const rewritten = rewriteImageSourcesDetailed(article.html, images, toGlossAssetUrl, only);
  let out = article;
  if (rewritten.html !== article.html) {
    out = { ...article, html: rewritten.html };
    if (rewritten.missing > 0) {
      // Alt text took the place of images: the text must match the stored HTML.
      const body = finalizeBody(rewritten.html);
      out = { ...out, text: body.text, meta: { ...out.meta, wordCount: body.wordCount } };
    }
  }
  const assets: SavedAsset[] = [];
  const seen = new Set<string>();
  for (const src of wanted) {
    const image = images.get(src);
    if (!image || seen.has(image.hash)) continue;
    seen.add(image.hash);
    assets.push({ hash: image.hash, mime: image.mime, bytes: image.bytes, sourceUrl: local?.isMarker(src) ? image.finalUrl : src });
  }
  return { article: out, assets, failed };
}

/**
 * Only the `_files` folder's images (no network): the other images of the
 * article are left as they are.
 */
export function keepLocalImages(article: ImportedArticle, local: LocalImages | null): FileImages {
  if (!local || local.byMarker.size === 0) return { article, assets: [], failed: [] };
  const wanted = collectImageUrls(article.html, MAX_IMAGES).filter((src) => local.isMarker(src));
  const { images, failed } = readLocal(local, wanted);
  return finish(article, local, wanted, images, failed, (src) => local.isMarker(src));
}

/**
 * The `_files` folder's images and the web images of the article, the
 * first 100 in document order; web images only from public addresses.
 */
export async function keepFileImages(
  article: ImportedArticle,
  local: LocalImages | null,
  options: FileImageFetchOptions = {},
): Promise<FileImages> {
  const { download = downloadsAllowed(), ...fetchOpts } = options;
  const wanted = collectImageUrls(article.html, MAX_IMAGES);
  if (wanted.length === 0) return { article, assets: [], failed: [] };
  const isLocal = (src: string): boolean => local?.isMarker(src) ?? false;
  const found = local ? readLocal(local, wanted) : { images: new Map<string, DownloadedImage>(), failed: [] };
  const remote = download ? wanted.filter((src) => !isLocal(src)) : [];
  const downloaded = remote.length
    ? await downloadImages(remote, { ...fetchOpts, publicOnly: true })
    : { images: new Map<string, DownloadedImage>(), failed: [] };
  const images = new Map([...found.images, ...downloaded.images]);
  return finish(article, local, wanted, images, [...found.failed, ...downloaded.failed]);
}
