import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '../..');
/** Where the README's pictures live; every one of them is written by a browser test. */
export const README_IMAGE_DIR = 'docs/images';

const produced = new Set<string>();

/**
 * Writes a README picture (docs/images/<name>.png) from the page as the test left it, so the
 * README shows what this run rendered, never an older build.
 */
export async function readmeImage(page: Page, name: string): Promise<string> {
  const relative = `${README_IMAGE_DIR}/${name}.png`;
  await page.screenshot({ path: path.join(ROOT, relative), fullPage: true });
  produced.add(relative);
  return relative;
}

/** Images under docs/images/ that a Markdown text names, as Markdown images or HTML src/srcset. */
export function imagesNamedIn(markdown: string): string[] {
  const pattern = new RegExp(`${README_IMAGE_DIR.replace('/', '\\/')}\\/[\\w.-]+\\.(?:png|jpe?g|gif|svg|webp)`, 'g');
  return [...new Set(markdown.match(pattern) ?? [])];
}

/** The README's images this run did not write: each is a picture that may no longer match the plugin. */
export function readmeImagesNotProduced(readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')): string[] {
  return imagesNamedIn(readme).filter((image) => !produced.has(image));
}
