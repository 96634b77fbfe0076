import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfContent {
  /** The text of every page, whitespace (line ends included) collapsed to single spaces. */
  text: string;
  pages: number;
  info: Record<string, unknown>;
}

/** Extracts the text as a reader would copy it: only through the fonts embedded in the PDF. */
export async function readPdf(pdf: Buffer): Promise<PdfContent> {
  const document = await getDocument({
    data: new Uint8Array(pdf),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  try {
    const parts: string[] = [];
    for (let n = 1; n <= document.numPages; n += 1) {
      const page = await document.getPage(n);
      const content = await page.getTextContent();
      for (const item of content.items) {
        if ('str' in item) parts.push(item.str, item.hasEOL ? '\n' : '');
      }
      parts.push('\n');
    }
    const { info } = await document.getMetadata();
    return {
      text: parts.join('').replace(/\s+/g, ' ').trim(),
      pages: document.numPages,
      info: info as Record<string, unknown>,
    };
  } finally {
    await document.destroy();
  }
}
