import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import pdfmakeModule from 'pdfmake';
import type {
  TDocumentDefinitions,
  TDocumentInformation,
  TFontDictionary,
} from 'pdfmake/interfaces';

/**
 * pdfmake 0.2 on the server: `require('pdfmake')` is the PdfPrinter class. The installed
 * @types/pdfmake describe the 0.3 browser-style API, so the few members used here are typed locally;
 * the document definition types are shared by both versions.
 */
interface PdfKitDocument extends NodeJS.ReadableStream {
  end(): void;
}
interface PdfPrinter {
  createPdfKitDocument(definition: TDocumentDefinitions): PdfKitDocument;
}
type PdfPrinterClass = new (fonts: TFontDictionary) => PdfPrinter;
const PdfPrinterCtor = pdfmakeModule as unknown as PdfPrinterClass;

/** DejaVu Sans has every letter of the Kazakh alphabet (Ә Ғ Қ Ң Ө Ұ Ү Һ І), unlike pdfmake's Roboto. */
export const PDF_FONT = 'DejaVuSans';
export const PDF_MONO_FONT = 'DejaVuSansMono';

let printer: PdfPrinter | null = null;

/** The fonts are read once, as bytes: pdfmake gets no file paths and no URLs to follow. */
function getPrinter(): PdfPrinter {
  if (printer) return printer;
  const require = createRequire(import.meta.url);
  const font = (file: string) => readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
  // pdfmake accepts font bytes as well as paths; the 0.3 typings only admit strings.
  const fonts = {
    [PDF_FONT]: {
      normal: font('DejaVuSans.ttf'),
      bold: font('DejaVuSans-Bold.ttf'),
      italics: font('DejaVuSans-Oblique.ttf'),
      bolditalics: font('DejaVuSans-BoldOblique.ttf'),
    },
    [PDF_MONO_FONT]: {
      normal: font('DejaVuSansMono.ttf'),
      bold: font('DejaVuSansMono-Bold.ttf'),
      italics: font('DejaVuSansMono-Oblique.ttf'),
      bolditalics: font('DejaVuSansMono-BoldOblique.ttf'),
    },
  } as unknown as TFontDictionary;
  printer = new PdfPrinterCtor(fonts);
  return printer;
}

export interface PdfDefinition extends TDocumentDefinitions {
  /** `creationDate` is required: it comes from the data, never from the clock. */
  info: TDocumentInformation & { creationDate: Date };
}

/**
 * Renders a pdfmake document definition with the DejaVu fonts. The output is a function of the
 * definition alone: the creation and modification dates are the given `info.creationDate`, and
 * the PDF file ID (an MD5 over the metadata) follows from them, so equal input gives equal bytes.
 * Images may only be embedded data (`data:` URLs): nothing is read from disk or the network.
 */
export async function renderPdf(definition: PdfDefinition): Promise<Buffer> {
  for (const [name, image] of Object.entries(definition.images ?? {})) {
    const source = typeof image === 'string' ? image : image.url;
    if (!source.startsWith('data:')) {
      throw new Error(`image "${name}" must be a data: URL; remote and local files are not read`);
    }
  }
  const creationDate = definition.info.creationDate;
  if (Number.isNaN(creationDate.getTime())) throw new RangeError('info.creationDate is invalid');
  const document = getPrinter().createPdfKitDocument({
    pageSize: 'A4',
    ...definition,
    info: {
      creator: 'kezek',
      producer: 'kezek (pdfmake)',
      ...definition.info,
      creationDate,
      modDate: creationDate,
    },
    defaultStyle: { font: PDF_FONT, fontSize: 10, ...definition.defaultStyle },
  });
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
    document.end();
  });
}
